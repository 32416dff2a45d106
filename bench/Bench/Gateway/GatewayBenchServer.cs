using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Hosting;
using OrleansVector.Gateway.Metrics;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// The database as the silo executable hosts it (runtime silo, grains, local storage in a temporary folder) with the
/// Milvus gRPC gateway on a loopback port, so the bench can call the same grains in process and through gRPC.
/// </summary>
internal sealed class GatewayBenchServer : IAsyncDisposable
{
    private readonly IHost _app;
    private readonly string _dataDirectory;

    private GatewayBenchServer(DatabaseSilo database, IHost app, string dataDirectory, Uri grpcUri)
    {
        Database = database;
        _app = app;
        _dataDirectory = dataDirectory;
        GrpcUri = grpcUri;
    }

    public DatabaseSilo Database { get; }

    public Uri GrpcUri { get; }

    /// <summary>The gateway's own measurements (per-RPC latency from request parsed to response ready).</summary>
    public GatewayMetrics Metrics => _app.Services.GetRequiredService<GatewayMetrics>();

    public static async Task<GatewayBenchServer> StartAsync()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ov-bench-gateway-").FullName;
        var database = DatabaseSilo.Open(dataDirectory, NullLoggerFactory.Instance, TimeProvider.System);
        await database.StartAsync(CancellationToken.None);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(database.GrainFactory);
        builder.Services.AddSingleton(database.Storage);
        builder.Services.AddMilvusGateway(builder.Configuration);
        builder.Services.AddMilvusGrpcServer(new IPEndPoint(IPAddress.Loopback, 0));
        var app = builder.Build();
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<GrpcServer>().LocalEndPoint!;
        return new GatewayBenchServer(database, app, dataDirectory, new Uri($"http://{bound}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        _app.Dispose();
        await Database.StopAsync(CancellationToken.None);
        await Database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
