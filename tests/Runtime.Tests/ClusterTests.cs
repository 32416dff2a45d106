using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

public sealed class ClusterTests
{
    [Fact]
    public async Task Concurrent_first_calls_from_three_silos_create_exactly_one_activation()
    {
        await using var cluster = await TestSilos.StartClusterAsync(3);
        var probe = Probe.Create("race");
        var silos = cluster.Silos;
        var calls = Enumerable.Range(0, 1000)
            .Select(i => Task.Run(() => silos[i % 3].GrainFactory.GetGrain<ILifecycleGrain>(probe.Key).Hello()))
            .ToList();
        var identities = (await Task.WhenAll(calls).Bounded()).Select(t => t.Value).Distinct().ToList();
        Assert.Single(identities);
        Assert.Equal(1, probe.Activations);
        Assert.Equal(1, silos.Sum(s => s.ActivationsCreated));
    }

    [Fact]
    public async Task Exceptions_from_a_remote_grain_keep_type_and_message()
    {
        await using var cluster = await TestSilos.StartClusterAsync(2);
        var (caller, host) = (cluster.Silos[0], cluster.Silos[1]);
        var key = await KeyHostedOnAsync(host, "remote", async k => (await caller.GrainFactory.GetGrain<IEchoGrain>(k).Identity()).Value);
        var echo = caller.GrainFactory.GetGrain<IEchoGrain>(key);
        RequestContext.Set("trace", "remote-trace");
        Assert.Equal("remote-trace", (await caller.GrainFactory.GetGrain<IEchoGrain>(key).ReadContext(new Text { Value = "trace" })).Value);
        RequestContext.Clear();
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => echo.Throw(new Text { Value = "remote bad input" }));
        Assert.Equal("remote bad input", exception.Message);
    }

    [Fact]
    public async Task Killing_a_silo_moves_its_grains_with_their_persisted_state()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await TestSilos.StartClusterAsync(3, time);
        var factory = cluster.Silos[0].GrainFactory;
        var keys = Enumerable.Range(0, 100).Select(i => $"failover-{i}-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys)
        {
            Assert.Equal(1, (await factory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value);
        }
        var victim = cluster.Silos[1];
        var victimAddress = victim.Address.ToString();
        var onVictim = 0;
        foreach (var key in keys)
        {
            onVictim += (await factory.GetGrain<ICounterGrain>(key).Describe().Bounded()).Value.Contains(victimAddress, StringComparison.Ordinal) ? 1 : 0;
        }
        Assert.InRange(onVictim, 1, 99);

        await cluster.KillSiloAsync(victim).Bounded();
        time.Advance(TimeSpan.FromSeconds(11)); // past the lease TTL: the store drops the silo and its directory entries
        await cluster.WaitForMembershipAsync(s => s.Members.Length == 2);

        foreach (var key in keys)
        {
            var grain = factory.GetGrain<ICounterGrain>(key);
            Assert.Equal(2, (await grain.Increment().Bounded()).Value);
            Assert.DoesNotContain(victimAddress, (await grain.Describe().Bounded()).Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_call_waiting_on_a_silo_that_dies_fails_fast_with_silo_unavailable()
    {
        var time = new ManualTimeProvider();
        await using var cluster = await TestSilos.StartClusterAsync(2, time);
        var (caller, host) = (cluster.Silos[0], cluster.Silos[1]);
        var prefix = Probe.Create("dies").Key;
        var key = await KeyHostedOnAsync(host, prefix, async k => (await caller.GrainFactory.GetGrain<IConcurrencyGrain>(k).Identity()).Value);
        Probe.For(key).Expected = 1;
        var pending = caller.GrainFactory.GetGrain<IConcurrencyGrain>(key).Hold();
        await Probe.For(key).AllArrived.Task.Bounded();
        await cluster.KillSiloAsync(host).Bounded();
        await Assert.ThrowsAsync<SiloUnavailableException>(() => pending.Bounded());
        Assert.Equal(0, caller.Timeouts);
    }

    [Fact]
    public async Task Graceful_stop_deactivates_every_grain_before_the_silo_leaves()
    {
        await using var cluster = await TestSilos.StartClusterAsync(2);
        var (stays, leaves) = (cluster.Silos[0], cluster.Silos[1]);
        var probes = new List<Probe>();
        for (var i = 0; i < 20; i++)
        {
            var key = await KeyHostedOnAsync(leaves, Probe.Create("stop").Key, async k =>
            {
                Probe.For(k).Table = cluster.Membership;
                return (await stays.GrainFactory.GetGrain<ILifecycleGrain>(k).Hello()).Value;
            });
            probes.Add(Probe.For(key));
        }
        var onLeaving = probes.Where(p => p.Activations == 1).ToList();
        Assert.Equal(20, onLeaving.Count);
        await cluster.StopSiloAsync(leaves).Bounded();
        Assert.All(onLeaving, p =>
        {
            Assert.Equal(DeactivationReasonCode.ShuttingDown, Assert.Single(p.Deactivations).Code);
            Assert.True(Assert.Single(p.StillMemberAtDeactivation));
        });
        Assert.All(probes, p => Assert.Equal(1, p.Activations));
        // The grains answer again, from the silo that stayed.
        foreach (var probe in probes)
        {
            Assert.Contains(stays.Address.ToString(), (await stays.GrainFactory.GetGrain<ILifecycleGrain>(probe.Key).Hello()).Value, StringComparison.Ordinal);
        }
    }

    /// <summary>The first key "{prefix}-{i}" whose grain, activated by <paramref name="identity"/>, lives on <paramref name="host"/>.</summary>
    private static async Task<string> KeyHostedOnAsync(Hosting.Silo host, string prefix, Func<string, Task<string>> identity)
    {
        for (var i = 0; ; i++)
        {
            var key = $"{prefix}-{i}";
            if ((await identity(key).Bounded()).Contains(host.Address.ToString(), StringComparison.Ordinal))
            {
                return key;
            }
        }
    }
}
