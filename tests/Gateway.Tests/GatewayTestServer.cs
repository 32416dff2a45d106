using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Health;
using OrleansVector.Gateway.Hosting;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Gateway.Rest;

namespace OrleansVector.Gateway.Tests;

/// <summary>
/// The gateway's gRPC endpoint, /healthz and /metrics on an in-memory TestServer (HTTP/2 with trailers), over a real
/// database silo (the grains and storage the executable hosts) in a temporary folder.
/// </summary>
internal sealed class GatewayTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DatabaseSilo _database;
    private readonly string _dataDirectory;

    private GatewayTestServer(WebApplication app, DatabaseSilo database, string dataDirectory)
    {
        _app = app;
        _database = database;
        _dataDirectory = dataDirectory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ReadinessProbe Readiness => _app.Services.GetRequiredService<ReadinessProbe>();

    /// <param name="settings">configuration keys such as Gateway:Grpc:MaxReceiveMessageSize</param>
    /// <param name="services">registrations made before the gateway's (which then keeps them), e.g. another method table</param>
    public static async Task<GatewayTestServer> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ov-gateway-").FullName;
        var database = DatabaseSilo.Open(dataDirectory, NullLoggerFactory.Instance, TimeProvider.System);
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
            builder.Services.AddRouting();
            builder.Services.AddSingleton(database.GrainFactory);
            builder.Services.AddSingleton(database.Storage);
            services?.Invoke(builder.Services);
            builder.Services.AddMilvusGateway(builder.Configuration);
            app = builder.Build();
            app.UseRouting();
            app.MapHealth();
            app.MapMetrics();
            app.MapMilvusRest();
            app.MapMilvusGrpc();
            await database.StartAsync(CancellationToken.None); // after MapMetrics: the meter exporter sees every activation
            await app.StartAsync();
            return new GatewayTestServer(app, database, dataDirectory);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await database.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    public Task<GrpcReply> CallAsync(string path, byte[] body, params (string Name, string Value)[] headers) =>
        GrpcReply.SendAsync(Client, path, body, headers);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.StopAsync(CancellationToken.None);
        await _database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
