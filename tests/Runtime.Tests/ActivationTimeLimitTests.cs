using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;

namespace OrleansVector.Runtime.Tests;

/// <summary>What the activation time limit does to grain code that overruns it.</summary>
public sealed class ActivationTimeLimitTests
{
    [Fact]
    public async Task OnActivateAsync_past_its_time_limit_keeps_the_activation_until_its_code_ends_so_no_second_one_starts_beside_it()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilos.StartSiloAsync(time,
            b => b.Configure<Configuration.GrainCollectionOptions>(o => o.ActivationTimeout = TimeSpan.FromSeconds(1)));
        var probe = Probe.Create("overrun");
        var grain = silo.GrainFactory.GetGrain<IHeldActivationGrain>(probe.Key);

        var first = grain.Hello();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref probe.Activations) == 1, TimeSpan.FromSeconds(20)), "OnActivateAsync never started");
        time.Advance(TimeSpan.FromSeconds(2)); // past the limit: the token is cancelled, the grain code (holding a resource, say) still runs
        var second = grain.Hello();
        probe.Gate.SetResult();

        Assert.Equal("after activation", (await first.Bounded()).Value);
        Assert.Equal("after activation", (await second.Bounded()).Value);
        Assert.Equal(1, Volatile.Read(ref probe.Activations));
    }
}
