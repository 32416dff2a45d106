using OrleansVector.Etcd;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.TestSupport;

namespace OrleansVector.Runtime.Tests;

/// <summary>Membership and directory in a real etcd on loopback; leases expire in real time (5 s TTL).</summary>
public sealed class EtcdClusteringTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    private const string Root = "/orleansvector/runtime";

    [Fact]
    public async Task Silos_learn_membership_by_watching_etcd_and_a_stopped_silo_leaves_it()
    {
        var clusterId = EtcdClusters.NewClusterId();
        await using var cluster = await EtcdClusters.StartAsync(etcd, clusterId, 3);
        using var client = EtcdClusters.Client(etcd);
        var members = await client.GetPrefixAsync($"{Root}/{clusterId}/members/");
        Assert.Equal(
            cluster.Silos.Select(s => s.Address.ToString()).Order(),
            members.Kvs.Select(kv => EtcdKeys.ToUtf8(kv.Key)[$"{Root}/{clusterId}/members/".Length..]).Order());
        Assert.All(members.Kvs, kv => Assert.Contains(cluster.Silos, s => s.LeaseId == kv.Lease));

        var leaving = cluster.Silos[2];
        await cluster.StopSiloAsync(leaving).Bounded();
        await cluster.WaitForMembershipAsync(s => s.Members.Length == 2 && s.Find(leaving.Address) is null);
        Assert.Equal(2, (await client.GetPrefixAsync($"{Root}/{clusterId}/members/")).Kvs.Count);
    }

    [Fact]
    public async Task Concurrent_first_calls_over_three_silos_create_one_activation_through_the_etcd_directory()
    {
        await using var cluster = await EtcdClusters.StartAsync(etcd, EtcdClusters.NewClusterId(), 3);
        var probe = Probe.Create("etcd-race");
        var silos = cluster.Silos;
        var identities = await Task.WhenAll(Enumerable.Range(0, 300)
            .Select(i => Task.Run(() => silos[i % 3].GrainFactory.GetGrain<ILifecycleGrain>(probe.Key).Hello()))).Bounded();
        Assert.Single(identities.Select(t => t.Value).Distinct());
        Assert.Equal(1, probe.Activations);
    }

    [Fact]
    public async Task Directory_entries_are_bound_to_the_host_lease_so_a_killed_silos_grains_move_with_their_state()
    {
        var clusterId = EtcdClusters.NewClusterId();
        await using var cluster = await EtcdClusters.StartAsync(etcd, clusterId, 3);
        using var client = EtcdClusters.Client(etcd);
        var factory = cluster.Silos[0].GrainFactory;
        var keys = Enumerable.Range(0, 30).Select(i => $"etcd-failover-{i}").ToList();
        foreach (var key in keys)
        {
            Assert.Equal(1, (await factory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value);
        }
        var victim = cluster.Silos[1];
        var onVictim = new List<string>();
        foreach (var key in keys)
        {
            var entry = await client.GetAsync($"{Root}/{clusterId}/grains/counter/{key}");
            Assert.NotNull(entry);
            Assert.Contains(cluster.Silos, s => s.LeaseId == entry.Lease);
            if (entry.Lease == victim.LeaseId)
            {
                onVictim.Add(key);
            }
        }
        Assert.NotEmpty(onVictim);

        await cluster.KillSiloAsync(victim).Bounded();
        await cluster.WaitForMembershipAsync(s => s.Members.Length == 2);
        foreach (var key in onVictim)
        {
            Assert.Null(await client.GetAsync($"{Root}/{clusterId}/grains/counter/{key}"));
        }
        foreach (var key in keys)
        {
            var grain = factory.GetGrain<ICounterGrain>(key);
            Assert.Equal(2, (await grain.Increment().Bounded()).Value);
            Assert.DoesNotContain(victim.Address.ToString(), (await grain.Describe().Bounded()).Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_silo_whose_lease_ends_drops_its_grains_without_grain_code_and_rejoins_with_a_new_generation()
    {
        var clusterId = EtcdClusters.NewClusterId();
        await using var cluster = await EtcdClusters.StartAsync(etcd, clusterId, 1);
        using var client = EtcdClusters.Client(etcd);
        var silo = cluster.Silos[0];
        var probe = Probe.Create("etcd-lease");
        var before = (await silo.GrainFactory.GetGrain<ILifecycleGrain>(probe.Key).Hello().Bounded()).Value;
        var oldAddress = silo.Address;
        var rejoined = new TaskCompletionSource<SiloAddress>(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.Joined += address => rejoined.TrySetResult(address);

        await client.LeaseRevokeAsync(silo.LeaseId); // etcd ends the lease: the silo's next renewal learns it
        var newAddress = await rejoined.Task.Bounded();

        Assert.True(newAddress.Supersedes(oldAddress));
        Assert.Empty(probe.Deactivations); // dropped, no OnDeactivateAsync
        await cluster.WaitForMembershipAsync(s => s.Members.Length == 1 && s.Find(newAddress) is not null);
        var after = (await silo.GrainFactory.GetGrain<ILifecycleGrain>(probe.Key).Hello().Bounded()).Value;
        Assert.NotEqual(before, after);
        Assert.Contains(newAddress.ToString(), after, StringComparison.Ordinal);
        Assert.Equal(2, probe.Activations);
    }

    [Fact]
    public async Task A_silo_whose_keep_alives_stop_stops_serving_while_etcd_still_holds_its_lease_and_no_grain_is_ever_active_twice()
    {
        var clusterId = EtcdClusters.NewClusterId();
        using var client = EtcdClusters.Client(etcd);
        var cutOffTable = new SuspendableMembershipTable(new Clustering.EtcdMembershipTable(client, Root, clusterId));
        var storage = new MemoryGrainStorage();
        await using var cluster = await TestSilos.StartClusterAsync(2, storage: storage, configure: (builder, index) =>
        {
            builder.UseTestEtcd(etcd, clusterId);
            if (index == 1)
            {
                builder.UseClustering(cutOffTable, new Clustering.EtcdGrainDirectory(client, Root, clusterId))
                    .Configure<Configuration.MembershipOptions>(o => o.RejoinAfterLeaseLoss = false);
            }
        });
        var (survivor, cutOff) = (cluster.Silos[0], cluster.Silos[1]);
        var (cutOffAddress, cutOffLease) = (cutOff.Address, cutOff.LeaseId);
        var keys = Enumerable.Range(0, 30).Select(i => $"etcd-lease-{i}").ToList();
        var ledger = new CounterLedger(keys);
        foreach (var key in keys)
        {
            Assert.True(await ledger.TryIncrementAsync(survivor, key));
        }
        var onCutOff = 0;
        foreach (var key in keys)
        {
            onCutOff += (await client.GetAsync($"{Root}/{clusterId}/grains/counter/{key}"))!.Lease == cutOffLease ? 1 : 0;
        }
        Assert.InRange(onCutOff, 1, keys.Count - 1);

        // Asked of etcd the moment the silo stops serving.
        var fenced = new TaskCompletionSource<Task<Etcd.Protocol.LeaseTimeToLiveResponse>>(TaskCreationOptions.RunContinuationsAsynchronously);
        cutOff.LeaseLost += _ => fenced.TrySetResult(client.LeaseTimeToLiveAsync(cutOffLease, keys: true));
        var expired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        survivor.MembershipChanged += snapshot =>
        {
            if (snapshot.Find(cutOffAddress) is null)
            {
                expired.TrySetResult();
            }
        };
        cutOffTable.SuspendKeepAlives();
        // Calls go on the whole time; any second activation would make a write fail on its stale ETag.
        var giveUp = Task.Delay(TimeSpan.FromSeconds(20));
        while (!expired.Task.IsCompleted && !giveUp.IsCompleted)
        {
            await ledger.IncrementAllAsync(survivor);
        }
        await expired.Task.Bounded();
        var atFence = await (await fenced.Task.Bounded()).Bounded();
        Assert.True(atFence.TTL >= 0, "the silo stopped serving only after etcd had already expired its lease");
        Assert.Equal(onCutOff + 1, atFence.Keys.Count); // its member key and its directory entries: nobody else could register them yet
        Assert.Equal(0, cutOff.ActivationCount);

        await ledger.AssertEveryWriteWasAcknowledgedAsync(survivor, storage);
    }
}
