using Google.Protobuf.WellKnownTypes;
using OrleansVector.Runtime.Client;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Testing;

namespace OrleansVector.Bench.Runtime;

/// <summary>
/// Two silos in this process, talking over loopback HTTP/2 exactly as silo processes do, and a cluster client through
/// the first. Grain references, each activated before measuring: one local to silo A, one on silo B called from A, one on
/// silo A called by the client, and the head of a chain of three nested local calls on silo A.
/// </summary>
internal sealed class RuntimeBenchCluster : IAsyncDisposable
{
    private readonly TestCluster _cluster;
    private readonly ClusterClient _client;

    private RuntimeBenchCluster(TestCluster cluster, ClusterClient client, IPingGrain local, IPingGrain remote, IPingGrain viaClient, IRelayGrain chain)
    {
        _cluster = cluster;
        _client = client;
        Local = local;
        Remote = remote;
        ViaClient = viaClient;
        Chain = chain;
    }

    /// <summary>A small message: a dozen bytes on the wire.</summary>
    public static StringValue Message { get; } = new() { Value = "ping-payload" };

    public IPingGrain Local { get; }

    public IPingGrain Remote { get; }

    public IPingGrain ViaClient { get; }

    /// <summary>Grain 1 of <see cref="RelayGrain"/>: one call is three nested local calls.</summary>
    public IRelayGrain Chain { get; }

    public static async Task<RuntimeBenchCluster> StartAsync()
    {
        var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilosCount = 2,
            ConfigureSilo = (builder, _) => builder.AddGrain<IPingGrain, PingGrain>().AddGrain<IRelayGrain, RelayGrain>(),
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
            client.GrainFactory.GetGrain<IPingGrain>(1),
            a.GrainFactory.GetGrain<IRelayGrain>(1));
        await bench.Local.Ping(Message);
        await bench.Remote.Ping(Message);
        await bench.ViaClient.Ping(Message);
        await bench.Chain.Ping(Message);
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
