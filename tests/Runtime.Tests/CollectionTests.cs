using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

/// <summary>
/// Idle collection on a manual clock: the collector runs every whole minute (the default quantum). Each advance ends exactly
/// on the collection that should take a grain, so the deactivation then runs before the clock moves on.
/// </summary>
public sealed class CollectionTests
{
    [Fact]
    public async Task Idle_activations_are_collected_after_their_type_age_and_KeepAlive_grains_never()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time);
        var (plain, shortLived, keptAlive) = (Probe.Create("idle"), Probe.Create("short"), Probe.Create("kept"));
        var plainGrain = silo.GrainFactory.GetGrain<ILifecycleGrain>(plain.Key);
        var plainIdentity = (await plainGrain.Hello()).Value;
        await silo.GrainFactory.GetGrain<IShortLivedGrain>(shortLived.Key).Hello();
        await silo.GrainFactory.GetGrain<IKeptAliveGrain>(keptAlive.Key).Hello();

        time.Advance(TimeSpan.FromMinutes(2)); // [CollectionAgeLimit("00:02:00")], short of the default 15 minutes
        await shortLived.Deactivated.Task.Bounded();
        Assert.Equal(DeactivationReasonCode.ActivationIdle, Assert.Single(shortLived.Deactivations).Code);
        Assert.Equal(plainIdentity, (await plainGrain.Hello()).Value); // still the same activation

        time.Advance(TimeSpan.FromMinutes(15)); // idle since minute 2 for the default 15 minutes
        await plain.Deactivated.Task.Bounded();
        Assert.Equal(DeactivationReasonCode.ActivationIdle, Assert.Single(plain.Deactivations).Code);

        time.Advance(TimeSpan.FromHours(2));
        await silo.GrainFactory.GetGrain<IKeptAliveGrain>(keptAlive.Key).Hello().Bounded();
        Assert.Equal(1, keptAlive.Activations);
        Assert.Empty(keptAlive.Deactivations);
    }

    [Fact]
    public async Task A_per_type_age_from_options_applies_and_DelayDeactivation_postpones_collection()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time, b => b.Configure<GrainCollectionOptions>(o => o.ClassSpecificCollectionAge["lifecycle"] = TimeSpan.FromMinutes(2)));
        var (idle, delayed) = (Probe.Create("typed-age"), Probe.Create("delayed"));
        await silo.GrainFactory.GetGrain<ILifecycleGrain>(idle.Key).Hello();
        var delayedGrain = silo.GrainFactory.GetGrain<ILifecycleGrain>(delayed.Key);
        var delayedIdentity = (await delayedGrain.Hello()).Value;
        await delayedGrain.DelayCollection(new Number { Value = 10 });

        time.Advance(TimeSpan.FromMinutes(2));
        await idle.Deactivated.Task.Bounded();
        Assert.Equal(delayedIdentity, (await delayedGrain.Hello()).Value);

        time.Advance(TimeSpan.FromMinutes(8)); // the delay ends at minute 10; the grain is idle since minute 2
        await delayed.Deactivated.Task.Bounded();
        Assert.Equal(1, delayed.Activations);
    }

    /// <summary>
    /// A response reaches its caller only after the callee stopped counting the request as running: a caller holding its
    /// response never finds the callee busy (before, an Advance right after a call could run the collector while the
    /// finished request still counted, and the grain was never collected).
    /// </summary>
    [Fact]
    public async Task A_caller_holding_its_response_finds_the_callees_idle()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time);
        var front = silo.GrainFactory.GetGrain<IEchoGrain>(Probe.Create("front").Key);
        var back = new Text { Value = Probe.Create("back").Key };
        for (var call = 0; call < 200; call++)
        {
            await front.ForwardReadContext(back); // front calls back from its own turn: a thread-pool hop each way
            var now = time.GetUtcNow();
            Assert.All(silo.Runtime.Catalog.All, activation => Assert.True(activation.IsIdleLongerThan(TimeSpan.Zero, now), $"{activation} still counts a request whose response arrived"));
        }
    }
}
