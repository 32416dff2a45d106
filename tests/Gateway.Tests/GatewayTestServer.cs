using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Gateway.Health;

namespace OrleansVector.Gateway.Tests;

/// <summary>The gateway's gRPC endpoint and /healthz on an in-memory TestServer (HTTP/2 with trailers).</summary>
internal sealed class GatewayTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayTestServer(WebApplication app)
    {
        _app = app;
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
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddRouting();
        services?.Invoke(builder.Services);
        builder.Services.AddMilvusGateway(builder.Configuration);
        var app = builder.Build();
        try
        {
            app.UseRouting();
            app.MapHealth();
            app.MapMilvusGrpc();
            await app.StartAsync();
            return new GatewayTestServer(app);
        }
        catch
        {
            await app.DisposeAsync();
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
    }
}
