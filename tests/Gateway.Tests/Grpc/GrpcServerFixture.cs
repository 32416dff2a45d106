using System.Net;
using Microsoft.Extensions.DependencyInjection;
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
    private GatewayTestServer? _server;

    public GrpcServerFixture()
        : this([])
    {
    }

    protected GrpcServerFixture(Dictionary<string, string?> settings)
    {
        _settings = new Dictionary<string, string?>(settings) { ["Gateway:Milvus:ServerVersion"] = ServerVersion };
    }

    internal GatewayTestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public IPEndPoint EndPoint => Server.Services.GetRequiredService<GrpcServer>().LocalEndPoint!;

    public async Task InitializeAsync() => _server = await GatewayTestServer.StartAsync(_settings);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
