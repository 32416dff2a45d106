using Google.Protobuf.WellKnownTypes;
using OrleansVector.Runtime.Client;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Testing;

namespace OrleansVector.Bench.Runtime;

/// <summary>
/// Two silos in this process, talking over loopback HTTP/2 exactly as silo processes do, and a cluster client through
/// the first. Three grain references, each activated before measuring: one local to silo A, one on silo B called from A,
/// and one on silo A called by the client.
/// </summary>
internal sealed class RuntimeBenchCluster : IAsyncDisposable
{
    private readonly TestCluster _cluster;
    private readonly ClusterClient _client;

    private RuntimeBenchCluster(TestCluster cluster, ClusterClient client, IPingGrain local, IPingGrain remote, IPingGrain viaClient)
    {
        _cluster = cluster;
        _client = client;
        Local = local;
        Remote = remote;
        ViaClient = viaClient;
    }

    /// <summary>A small message: a dozen bytes on the wire.</summary>
    public static StringValue Message { get; } = new() { Value = "ping-payload" };

    public IPingGrain Local { get; }

    public IPingGrain Remote { get; }

    public IPingGrain ViaClient { get; }

    public static async Task<RuntimeBenchCluster> StartAsync()
    {
        var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilosCount = 2,
            ConfigureSilo = (builder, _) => builder.AddGrain<IPingGrain, PingGrain>(),
        });
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);
        var options = new ClusterClientOptions();
        options.Gateways.Add(a.Address.Endpoint);
        var client = await ClusterClient.ConnectAsync(options);
        await b.GrainFactory.GetGrain<IPingGrain>(2).Ping(Message); // activates grain 2 on silo B
        var bench = new RuntimeBenchCluster(
            cluster,
            client,
            a.GrainFactory.GetGrain<IPingGrain>(1),
            a.GrainFactory.GetGrain<IPingGrain>(2),
            client.GrainFactory.GetGrain<IPingGrain>(1));
        await bench.Local.Ping(Message);
        await bench.Remote.Ping(Message);
        await bench.ViaClient.Ping(Message);
        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        foreach (var silo in _cluster.Silos)
        {
            await _cluster.StopSiloAsync(silo);
        }
        await _cluster.DisposeAsync();
    }
}
