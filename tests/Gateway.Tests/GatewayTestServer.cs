using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Health;
using OrleansVector.Gateway.Hosting;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Gateway.Rest;

namespace OrleansVector.Gateway.Tests;

/// <summary>
/// The gateway over a real database silo (the grains and storage the executable hosts) in a temporary folder: its gRPC
/// server on a free loopback port, REST, /healthz and /metrics on an in-memory TestServer.
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
        var grpc = app.Services.GetRequiredService<GrpcServer>().LocalEndPoint!;
        GrpcClient = new HttpClient { BaseAddress = new Uri($"http://{grpc}") };
    }

    /// <summary>REST, /healthz and /metrics.</summary>
    public HttpClient Client { get; }

    /// <summary>The gRPC port, over a real socket (cleartext HTTP/2 needs the version set per request, as GrpcReply does).</summary>
    public HttpClient GrpcClient { get; }

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
            builder.Services.AddMilvusGrpcServer(new IPEndPoint(IPAddress.Loopback, 0));
            app = builder.Build();
            app.UseRouting();
            app.MapHealth();
            app.MapMetrics();
            app.MapMilvusRest();
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
        GrpcReply.SendAsync(GrpcClient, path, body, headers);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        GrpcClient.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.StopAsync(CancellationToken.None);
        await _database.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
