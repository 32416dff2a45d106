using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// One gateway and its gRPC server, shared by the tests of a class (starting the database silo is what costs); each
/// test opens connections of its own. Reports a configured Milvus version, so a GetVersion answer is known to be ours.
/// </summary>
public class GrpcServerFixture : IAsyncLifetime
{
    public const string ServerVersion = "v2.5.7";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private GatewayTestServer? _server;

    public GrpcServerFixture()
        : this([])
    {
    }

    /// <param name="settings">configuration keys such as Gateway:Grpc:MaxConcurrentStreams</param>
    /// <param name="services">registrations made before the gateway's, such as a method table of the test's own</param>
    protected GrpcServerFixture(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _settings = new Dictionary<string, string?>(settings) { ["Gateway:Milvus:ServerVersion"] = ServerVersion };
        _services = services;
    }

    internal GatewayTestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public IPEndPoint EndPoint => Server.Services.GetRequiredService<GrpcServer>().LocalEndPoint!;

    /// <summary>A second gRPC server over this gateway's dispatcher, on a port of its own (for tests that stop it).</summary>
    internal GrpcServer StartSecondServer(out IPEndPoint endPoint)
    {
        var server = new GrpcServer(Server.Services.GetRequiredService<GrpcDispatcher>(), NullLogger<GrpcServer>.Instance);
        endPoint = server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        return server;
    }

    public async Task InitializeAsync() => _server = await GatewayTestServer.StartAsync(_settings, _services);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
