using System.Diagnostics;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.MultiProcess;
using OrleansVector.TestSupport;

namespace OrleansVector.Runtime.Tests;

/// <summary>Three silo processes on etcd; one is SIGKILLed; its grains come back on the others with their persisted state.</summary>
public sealed class MultiProcessFailoverTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    /// <summary>The failover budget the issue sets: lease expiry (3 s TTL here) plus re-activation of the grains.</summary>
    private static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Killing_a_silo_process_moves_its_grains_to_live_silos_with_their_last_persisted_state()
    {
        await using var cluster = await ProcessSiloCluster.StartAsync(etcd, 3);
        await using var client = await cluster.ConnectClientAsync();
        Assert.Equal(3, client.Gateways.Count);
        var keys = Enumerable.Range(0, 100).Select(i => $"process-failover-{i}").ToList();
        foreach (var key in keys)
        {
            await client.GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded();
            Assert.Equal(2, (await client.GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value);
        }
        var hosts = new Dictionary<string, string>();
        foreach (var key in keys)
        {
            hosts[key] = (await client.GrainFactory.GetGrain<ICounterGrain>(key).Describe().Bounded()).Value.Split('|')[2];
        }
        var victim = cluster.Silos.MaxBy(s => hosts.Values.Count(h => h == s.ToString()))!;
        var moved = keys.Where(k => hosts[k] == victim.ToString()).ToList();
        Assert.InRange(moved.Count, 15, 60); // about a third, by random placement

        var victimGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.GatewaysChanged += gateways =>
        {
            if (!gateways.Contains(victim.Endpoint))
            {
                victimGone.TrySetResult();
            }
        };
        await cluster.KillAsync(victim);
        var clock = Stopwatch.StartNew();
        await victimGone.Task.WaitAsync(FailoverBudget); // its lease expired in etcd
        foreach (var key in keys)
        {
            var description = await AnswerAsync(client.GrainFactory.GetGrain<ICounterGrain>(key), clock, cluster);
            var (seenOnActivate, host) = (description[0], description[2]);
            Assert.NotEqual(victim.ToString(), host);
            Assert.Contains(host, cluster.Silos.Select(s => s.ToString()));
            Assert.Equal(2, (await client.GrainFactory.GetGrain<ICounterGrain>(key).Get().Bounded()).Value);
            if (moved.Contains(key))
            {
                Assert.Equal("2", seenOnActivate); // re-activated from the persisted state
            }
        }
    }

    /// <summary>
    /// Calls until the grain answers. A call refused by a gateway that has not yet seen the death was not executed
    /// (at-most-once); the test, not the runtime, repeats it, and gives up after the failover budget.
    /// </summary>
    private static async Task<string[]> AnswerAsync(ICounterGrain grain, Stopwatch clock, ProcessSiloCluster cluster)
    {
        while (true)
        {
            try
            {
                return (await grain.Describe().Bounded()).Value.Split('|');
            }
            catch (SiloUnavailableException) when (clock.Elapsed < FailoverBudget)
            {
                // Refused, not executed: ask again.
            }
            catch (SiloUnavailableException exception)
            {
                Assert.Fail($"Still unavailable {clock.Elapsed} after the kill: {exception.Message}\n{cluster.Output}");
            }
        }
    }
}
