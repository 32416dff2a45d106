using Microsoft.Extensions.Options;
using OrleansVector.Runtime.Client;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;
using OrleansVector.TestSupport;

namespace OrleansVector.Runtime.Tests;

/// <summary>A cluster client is not a silo: it calls grains through gateway silos over HTTP/2.</summary>
public sealed class ClusterClientTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    [Fact]
    public async Task A_client_calls_grains_through_gateways_with_results_exceptions_and_request_context()
    {
        var storage = new MemoryGrainStorage();
        await using var cluster = await TestSilos.StartClusterAsync(2, storage: storage);
        var options = new ClusterClientOptions();
        options.Gateways.AddRange(cluster.Silos.Select(s => s.Address.Endpoint));
        await using var client = await ClusterClient.ConnectAsync(options);

        var key = $"client-{Guid.NewGuid():N}";
        Assert.Equal($"{key}:hi", (await client.GrainFactory.GetGrain<IEchoGrain>(key).Echo(new Text { Value = "hi" }).Bounded()).Value);
        Assert.Equal(1, (await client.GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value);
        Assert.Equal(2, (await cluster.Silos[1].GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value); // the same grain

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GrainFactory.GetGrain<IEchoGrain>(key).Throw(new Text { Value = "client bad input" }));
        Assert.Equal("client bad input", error.Message);

        RequestContext.Set("tenant", "t-42");
        try
        {
            Assert.Equal("t-42", (await client.GrainFactory.GetGrain<IEchoGrain>(key).ReadContext(new Text { Value = "tenant" }).Bounded()).Value);
        }
        finally
        {
            RequestContext.Clear();
        }
    }

    [Fact]
    public async Task A_client_call_times_out_naming_grain_and_method()
    {
        await using var cluster = await TestSilos.StartClusterAsync(1);
        var time = new ManualTimeProvider(); // the client's clock only; the silo keeps real time
        var options = new ClusterClientOptions();
        options.Gateways.Add(cluster.Silos[0].Address.Endpoint);
        await using var client = await ClusterClient.ConnectAsync(options, time);
        var probe = Probe.Create("client-hang");
        var grain = client.GrainFactory.GetGrain<IConcurrencyGrain>(probe.Key);
        await grain.Peek().Bounded();
        var call = grain.HangBriefly();
        time.Advance(TimeSpan.FromSeconds(5)); // [ResponseTimeout("00:00:05")]
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call.Bounded());
        Assert.Contains($"concurrency/{probe.Key}", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("IConcurrencyGrain.HangBriefly", timeout.Message, StringComparison.Ordinal);
        probe.Gate.SetResult();
    }

    [Fact]
    public async Task A_client_learns_gateways_from_etcd_and_keeps_working_when_one_dies()
    {
        var clusterId = EtcdClusters.NewClusterId();
        var storage = new MemoryGrainStorage();
        await using var cluster = await EtcdClusters.StartAsync(etcd, clusterId, 2, storage);
        await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions
        {
            ClusterId = clusterId,
            Etcd = new EtcdClusteringOptions { Endpoint = etcd.ClientUrl },
        });
        Assert.Equal(cluster.Silos.Select(s => s.Address.Endpoint.ToString()).Order(), client.Gateways.Select(g => g.ToString()).Order());
        var keys = Enumerable.Range(0, 20).Select(i => $"client-etcd-{i}-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys)
        {
            Assert.Equal(1, (await client.GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value);
        }

        var victim = cluster.Silos[1];
        var oneLeft = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.GatewaysChanged += gateways =>
        {
            if (gateways.Count == 1)
            {
                oneLeft.TrySetResult();
            }
        };
        await cluster.KillSiloAsync(victim).Bounded();
        await oneLeft.Task.Bounded(); // the victim's lease expired in etcd
        await cluster.WaitForMembershipAsync(s => s.Members.Length == 1);
        Assert.Equal(cluster.Silos[0].Address.Endpoint, Assert.Single(client.Gateways));
        foreach (var key in keys)
        {
            Assert.Equal(2, (await client.GrainFactory.GetGrain<ICounterGrain>(key).Increment().Bounded()).Value);
        }
    }

    [Fact]
    public async Task A_client_without_gateways_is_rejected_and_an_unreachable_gateway_fails_the_call()
    {
        var invalid = await Assert.ThrowsAsync<OptionsValidationException>(() => ClusterClient.ConnectAsync(new ClusterClientOptions()));
        Assert.Contains("No gateway", invalid.Message, StringComparison.Ordinal);

        var options = new ClusterClientOptions();
        options.Gateways.Add(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, FreePort.Next()));
        await using var client = await ClusterClient.ConnectAsync(options);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GrainFactory.GetGrain<IEchoGrain>("x").Identity().Bounded());
        var none = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GrainFactory.GetGrain<IEchoGrain>("x").Identity().Bounded());
        Assert.Contains("No gateway", none.Message, StringComparison.Ordinal);
    }
}
