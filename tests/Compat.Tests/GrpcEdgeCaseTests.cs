using System.Globalization;
using System.Text.Json;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;

namespace OrleansVector.Compat.Tests;

/// <summary>grpc-js (the Node SDK's transport) sending edge-case requests to a real silo: clean statuses, and it keeps serving.</summary>
public sealed class GrpcEdgeCaseTests
{
    /// <summary>Above Kestrel's default 30 MB request body limit, so the test also shows that limit is out of the way.</summary>
    private const int MaxMessageBytes = 40 << 20;

    [Fact]
    public async Task Unserved_oversized_garbage_and_compressed_calls_get_their_status_and_the_server_keeps_serving()
    {
        var limit = MaxMessageBytes.ToString(CultureInfo.InvariantCulture);
        await using var silo = await ReadySilo.StartAsync("--Gateway:Grpc:MaxReceiveMessageSize", limit);

        var result = (await NodeScript.RunAsync("grpc-edge.js", silo.GrpcAddress(), limit)).SucceededWithJson();

        AssertCode(result, "unimplemented", GrpcStatusCode.Unimplemented, "CreateRole is not implemented");
        Assert.True(result.GetProperty("atLimit").GetProperty("code").GetInt32() == 0, $"a {MaxMessageBytes}-byte message was refused: {result.GetProperty("atLimit")}");
        AssertCode(result, "oversized", GrpcStatusCode.ResourceExhausted, $"vs. {MaxMessageBytes}");
        AssertCode(result, "garbage", GrpcStatusCode.InvalidArgument, "milvus.proto.milvus.ConnectRequest");
        AssertCode(result, "compressed", GrpcStatusCode.Unimplemented, "'gzip' is not supported");
        Assert.Equal(0, result.GetProperty("after").GetProperty("code").GetInt32());
        Assert.Equal(new MilvusServerOptions().ServerVersion, result.GetProperty("after").GetProperty("version").GetString());
        Assert.Equal(0, await silo.TerminateAsync(ReadySilo.StopTimeout));
    }

    private static void AssertCode(JsonElement result, string name, GrpcStatusCode expected, string detailsPart)
    {
        var outcome = result.GetProperty(name);
        Assert.True((int)expected == outcome.GetProperty("code").GetInt32(), $"{name}: expected {expected}, got {outcome}");
        Assert.Contains(detailsPart, outcome.GetProperty("details").GetString(), StringComparison.Ordinal);
    }
}
