using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;

namespace OrleansVector.Runtime.Tests;

public sealed class PlacementTests
{
    [Fact]
    public async Task Random_placement_spreads_grains_over_the_silos()
    {
        await using var cluster = await TestSilos.StartClusterAsync(3);
        var hosts = await HostsAsync(Enumerable.Range(0, 60).Select(i => cluster.Silos[0].GrainFactory.GetGrain<IRandomGrain>($"random-{Guid.NewGuid():N}-{i}")));
        Assert.True(hosts.Distinct().Count() > 1, $"all 60 grains landed on {hosts[0]}");
    }

    [Fact]
    public async Task Prefer_local_placement_activates_on_the_calling_silo()
    {
        await using var cluster = await TestSilos.StartClusterAsync(3);
        var caller = cluster.Silos[1];
        var hosts = await HostsAsync(Enumerable.Range(0, 30).Select(i => caller.GrainFactory.GetGrain<IPreferLocalGrain>($"local-{Guid.NewGuid():N}-{i}")));
        Assert.All(hosts, h => Assert.Equal(caller.Address.ToString(), h));
    }

    [Fact]
    public async Task Hash_based_placement_picks_the_silo_at_the_grain_hash_whoever_calls()
    {
        await using var cluster = await TestSilos.StartClusterAsync(3);
        var sorted = cluster.Silos.Select(s => s.Address.ToString()).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < 30; i++)
        {
            var key = $"hash-{Guid.NewGuid():N}";
            var caller = cluster.Silos[i % 3];
            var expected = sorted[(int)(new GrainId("hashbased", key).GetUniformHashCode() & 0x7fffffff) % sorted.Count];
            Assert.Equal(expected, (await caller.GrainFactory.GetGrain<IHashBasedGrain>(key).Where().Bounded()).Value);
        }
    }

    [Fact]
    public async Task Activation_count_placement_prefers_the_least_loaded_silo()
    {
        await using var cluster = await TestSilos.StartClusterAsync(3, configure: (b, _) => b.Configure<MembershipOptions>(o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(200);
            o.LeaseTtl = TimeSpan.FromSeconds(5);
        }));
        var (caller, loaded, empty) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        await HostsAsync(Enumerable.Range(0, 150).Select(i => caller.GrainFactory.GetGrain<IPreferLocalGrain>($"load-a-{Guid.NewGuid():N}-{i}")));
        await HostsAsync(Enumerable.Range(0, 150).Select(i => loaded.GrainFactory.GetGrain<IPreferLocalGrain>($"load-b-{Guid.NewGuid():N}-{i}")));
        await cluster.WaitForMembershipAsync(s => s.Find(loaded.Address)?.ActivationCount >= 150);

        var hosts = await HostsAsync(Enumerable.Range(0, 60).Select(i => caller.GrainFactory.GetGrain<IActivationCountGrain>($"count-{Guid.NewGuid():N}-{i}")));
        var onEmpty = hosts.Count(h => h == empty.Address.ToString());
        Assert.True(onEmpty > hosts.Count(h => h == caller.Address.ToString()) && onEmpty > hosts.Count(h => h == loaded.Address.ToString()),
            $"the empty silo got {onEmpty} of 60; the loaded ones got the rest");
    }

    [Fact]
    public async Task Silo_role_placement_activates_on_a_silo_with_the_role_the_key_names()
    {
        string[] roles = ["alpha", "beta", "beta"];
        await using var cluster = await TestSilos.StartClusterAsync(3, configure: (b, index) => b.Configure<SiloOptions>(o => o.Role = roles[index]));
        var caller = cluster.Silos[2];
        Assert.Equal(cluster.Silos[0].Address.ToString(), (await caller.GrainFactory.GetGrain<IRoleGrain>("alpha").Where().Bounded()).Value);
        Assert.Contains((await cluster.Silos[0].GrainFactory.GetGrain<IRoleGrain>("beta").Where().Bounded()).Value, cluster.Silos.Skip(1).Select(s => s.Address.ToString()));
        var missing = await Assert.ThrowsAsync<SiloUnavailableException>(() => caller.GrainFactory.GetGrain<IRoleGrain>("gamma").Where().Bounded());
        Assert.Contains("gamma", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stateless_worker_runs_a_local_pool_of_at_most_its_limit_and_has_no_directory_entry()
    {
        await using var cluster = await TestSilos.StartClusterAsync(2);
        var caller = cluster.Silos[1];
        var probe = Probe.Create("worker");
        probe.Expected = 2;
        var calls = Enumerable.Range(0, 3).Select(_ => caller.GrainFactory.GetGrain<IWorkerGrain>(probe.Key).Hold()).ToList();
        await probe.AllArrived.Task.Bounded(); // two workers hold at the gate at once
        probe.Gate.SetResult();
        var identities = (await Task.WhenAll(calls).Bounded()).Select(t => t.Value).ToList();
        Assert.Equal(2, identities.Distinct().Count()); // [StatelessWorker(2)]: the third call waited for one of the two
        Assert.All(identities, id => Assert.Contains(caller.Address.ToString(), id, StringComparison.Ordinal));
        Assert.Null(await cluster.Directory.LookupAsync(new GrainId("worker", probe.Key), default));
    }

    private static async Task<List<string>> HostsAsync(IEnumerable<IWhereGrain> grains)
    {
        var hosts = new List<string>();
        foreach (var grain in grains)
        {
            hosts.Add((await grain.Where().Bounded()).Value);
        }
        return hosts;
    }
}
