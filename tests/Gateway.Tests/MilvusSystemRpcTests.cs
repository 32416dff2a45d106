using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>Connect, GetVersion and CheckHealth: the RPCs served before any database exists.</summary>
public sealed class MilvusSystemRpcTests
{
    [Fact]
    public async Task Connect_succeeds_with_a_non_zero_increasing_identifier_and_server_info()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var request = GrpcReply.Frame(new ConnectRequest { ClientInfo = new ClientInfo { SdkType = "nodejs", SdkVersion = "3.0.6", User = "root" } });

        var first = (await server.CallAsync(GrpcReply.Milvus + "Connect", request)).Single(ConnectResponse.Parser);
        var second = (await server.CallAsync(GrpcReply.Milvus + "Connect", request)).Single(ConnectResponse.Parser);

        Assert.Equal(0, first.Status.Code);
        Assert.Equal(ErrorCode.Success, first.Status.ErrorCode);
        Assert.NotEqual(0, first.Identifier);
        Assert.True(second.Identifier > first.Identifier, $"{second.Identifier} should follow {first.Identifier}");
        Assert.Equal("v2.6.0", first.ServerInfo.BuildTags);
        Assert.Equal("STANDALONE", first.ServerInfo.DeployMode);
        Assert.StartsWith(".NET", first.ServerInfo.GoVersion, StringComparison.Ordinal);
        Assert.StartsWith("Orleans.Vector", first.ServerInfo.Reserved["server"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_and_deploy_mode_come_from_configuration()
    {
        await using var server = await GatewayTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Milvus:ServerVersion"] = "v2.5.4",
            ["Gateway:Milvus:DeployMode"] = "Cluster",
        });

        var version = (await server.CallAsync(GrpcReply.Milvus + "GetVersion", GrpcReply.Frame(new GetVersionRequest()))).Single(GetVersionResponse.Parser);
        var connect = (await server.CallAsync(GrpcReply.Milvus + "Connect", GrpcReply.Frame(new ConnectRequest()))).Single(ConnectResponse.Parser);

        Assert.Equal("v2.5.4", version.Version);
        Assert.Equal(new Status(), version.Status);
        Assert.Equal("v2.5.4", connect.ServerInfo.BuildTags);
        Assert.Equal("CLUSTER", connect.ServerInfo.DeployMode);
    }

    [Fact]
    public async Task CheckHealth_reports_service_not_ready_until_the_silo_is_ready()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var request = GrpcReply.Frame(new CheckHealthRequest());

        var starting = (await server.CallAsync(GrpcReply.Milvus + "CheckHealth", request)).Single(CheckHealthResponse.Parser);
        server.Readiness.MarkReady();
        var ready = (await server.CallAsync(GrpcReply.Milvus + "CheckHealth", request)).Single(CheckHealthResponse.Parser);

        Assert.False(starting.IsHealthy);
        Assert.Equal(1, starting.Status.Code);
        Assert.Equal(ErrorCode.NotReadyServe, starting.Status.ErrorCode);
        Assert.True(starting.Status.Retriable);
        Assert.Equal(["Orleans.Vector silo is starting"], starting.Reasons);
        Assert.True(ready.IsHealthy);
        Assert.Equal(new Status(), ready.Status);
        Assert.Empty(ready.Reasons);
    }
}
