using System.Globalization;
using OrleansVector.Gateway.Milvus;

namespace OrleansVector.Compat.Tests;

/// <summary>The official Milvus Node SDK against a real silo process: connect, getVersion, checkHealth.</summary>
public sealed class NodeSdkHandshakeTests
{
    [Fact]
    public async Task The_Node_SDK_connects_reads_the_version_and_finds_the_server_healthy()
    {
        await using var silo = await ReadySilo.StartAsync();

        var result = (await NodeScript.RunAsync("connect.js", silo.GrpcAddress())).SucceededWithJson();

        Assert.Equal("CONNECTED", result.GetProperty("connectStatus").GetString());
        Assert.NotEqual(0, long.Parse(result.GetProperty("identifier").GetString()!, CultureInfo.InvariantCulture));
        var expectedVersion = new MilvusServerOptions().ServerVersion;
        Assert.Equal(expectedVersion, result.GetProperty("version").GetString());
        Assert.Equal(expectedVersion, result.GetProperty("serverInfo").GetProperty("build_tags").GetString());
        Assert.Equal("STANDALONE", result.GetProperty("serverInfo").GetProperty("deploy_mode").GetString());
        Assert.True(result.GetProperty("isHealthy").GetBoolean());
        foreach (var status in new[] { result.GetProperty("versionStatus"), result.GetProperty("healthStatus") })
        {
            Assert.Equal("Success", status.GetProperty("error_code").GetString());
            Assert.Equal(0, status.GetProperty("code").GetInt32());
        }
        Assert.Contains("Client connected: nodejs", silo.Output, StringComparison.Ordinal);
        Assert.Equal(0, await silo.TerminateAsync(ReadySilo.StopTimeout));
    }
}
