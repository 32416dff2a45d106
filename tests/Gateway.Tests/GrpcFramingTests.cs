using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>gRPC's HTTP/2 mapping at the byte level: frames, trailers, statuses for every kind of bad request.</summary>
public sealed class GrpcFramingTests
{
    private static readonly byte[] GetVersion = GrpcReply.Frame(new GetVersionRequest());

    [Fact]
    public async Task A_served_call_answers_one_uncompressed_frame_and_status_0_in_the_trailers()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion);

        Assert.False(reply.TrailersOnly);
        Assert.Equal(HttpStatusCode.OK, reply.HttpStatus);
        Assert.Equal("v2.6.0", reply.Single(GetVersionResponse.Parser).Version);
    }

    [Theory]
    [InlineData("CreateRole")]               // MilvusService RPCs our .proto does not declare
    [InlineData("ListImportTasks")]
    public async Task An_unserved_MilvusService_method_is_UNIMPLEMENTED(string method)
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + method, GrpcReply.Frame([]));

        reply.AssertStatus(GrpcStatusCode.Unimplemented, method);
        Assert.True(reply.TrailersOnly);
    }

    [Fact]
    public async Task Every_RPC_the_proto_declares_is_served()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var served = server.Services.GetRequiredService<GrpcMethodTable>().Paths.ToHashSet();

        var unserved = MilvusServiceMethods.CreateBuilder().Service.Methods.Select(m => $"/{MilvusServiceMethods.ServiceName}/{m.Name}")
            .Where(path => !served.Contains(path)).ToArray();
        Assert.True(unserved.Length == 0, $"declared but not served: {string.Join(", ", unserved)}");
    }

    [Fact]
    public async Task Another_service_is_UNIMPLEMENTED_too()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync("/milvus.proto.milvus.ClientTelemetryService/ClientHeartbeat", GrpcReply.Frame([]));

        reply.AssertStatus(GrpcStatusCode.Unimplemented, "ClientTelemetryService/ClientHeartbeat");
    }

    [Theory]
    [InlineData(new byte[0], "no message")]
    [InlineData(new byte[] { 0, 0, 0 }, "3 of the 5 header bytes")]
    public async Task A_missing_or_cut_frame_header_is_INTERNAL(byte[] body, string reason)
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", body);

        reply.AssertStatus(GrpcStatusCode.Internal, reason);
    }

    [Fact]
    public async Task A_message_shorter_than_its_header_announces_is_INTERNAL()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GrpcReply.Frame(new byte[10], declaredLength: 100));

        reply.AssertStatus(GrpcStatusCode.Internal, "10 of the 100 message bytes");
    }

    [Fact]
    public async Task Garbage_that_is_not_the_request_message_is_INVALID_ARGUMENT()
    {
        await using var server = await GatewayTestServer.StartAsync();

        // Field 2 (client_info) as a length-delimited field whose length runs past the end.
        var reply = await server.CallAsync(GrpcReply.Milvus + "Connect", GrpcReply.Frame([0x12, 0x7F, 0x01, 0x02]));

        reply.AssertStatus(GrpcStatusCode.InvalidArgument, "milvus.proto.milvus.ConnectRequest");
    }

    [Fact]
    public async Task Two_messages_in_a_unary_call_are_INTERNAL()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", [.. GetVersion, .. GetVersion]);

        reply.AssertStatus(GrpcStatusCode.Internal, "more than one message");
    }

    [Fact]
    public async Task A_compressed_frame_is_rejected_with_INTERNAL_naming_the_accepted_encoding()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GrpcReply.Frame([0x1F, 0x8B], flag: 1));

        reply.AssertStatus(GrpcStatusCode.Internal, "compressed");
        Assert.Contains("identity", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_request_encoding_is_UNIMPLEMENTED()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GrpcReply.Frame([0x1F, 0x8B], flag: 1), ("grpc-encoding", "gzip"));

        reply.AssertStatus(GrpcStatusCode.Unimplemented, "'gzip' is not supported");
    }

    [Fact]
    public async Task A_frame_flag_other_than_0_or_1_is_INTERNAL()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GrpcReply.Frame([], flag: 7));

        reply.AssertStatus(GrpcStatusCode.Internal, "flag 7");
    }

    [Fact]
    public async Task The_server_keeps_serving_on_the_same_connection_after_bad_frames()
    {
        await using var server = await GatewayTestServer.StartAsync();

        (await server.CallAsync(GrpcReply.Milvus + "GetVersion", [0xFF, 0xFF])).AssertStatus(GrpcStatusCode.Internal);
        (await server.CallAsync(GrpcReply.Milvus + "Connect", GrpcReply.Frame([0xFF, 0xFF, 0xFF]))).AssertStatus(GrpcStatusCode.InvalidArgument);
        (await server.CallAsync(GrpcReply.Milvus + "Nope", GetVersion)).AssertStatus(GrpcStatusCode.Unimplemented);

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion);
        Assert.Equal("v2.6.0", reply.Single(GetVersionResponse.Parser).Version);
    }

    [Fact]
    public async Task A_request_over_the_configured_size_is_RESOURCE_EXHAUSTED_and_one_under_it_is_served()
    {
        await using var server = await GatewayTestServer.StartAsync(new Dictionary<string, string?> { ["Gateway:Grpc:MaxReceiveMessageSize"] = "1024" });
        static byte[] ConnectOfSize(int size)
        {
            // Grow the string until the encoded message has exactly the wanted size (length prefixes are varints).
            var request = new ConnectRequest { ClientInfo = new ClientInfo() };
            while (request.CalculateSize() < size)
            {
                request.ClientInfo.SdkType += "x";
            }
            Assert.Equal(size, request.CalculateSize());
            return GrpcReply.Frame(request);
        }

        var tooBig = await server.CallAsync(GrpcReply.Milvus + "Connect", ConnectOfSize(1025));
        var atLimit = await server.CallAsync(GrpcReply.Milvus + "Connect", ConnectOfSize(1024));

        tooBig.AssertStatus(GrpcStatusCode.ResourceExhausted, "1025 vs. 1024");
        Assert.NotEqual(0, atLimit.Single(ConnectResponse.Parser).Identifier);
    }

    [Fact]
    public async Task The_default_limit_is_64_MB_and_is_checked_from_the_header_alone()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "Connect", GrpcReply.Frame([], declaredLength: (64 << 20) + 1));

        reply.AssertStatus(GrpcStatusCode.ResourceExhausted, $"{(64 << 20) + 1} vs. {64 << 20}");
    }

    [Fact]
    public async Task A_response_over_the_send_limit_is_RESOURCE_EXHAUSTED()
    {
        await using var server = await GatewayTestServer.StartAsync(new Dictionary<string, string?> { ["Gateway:Grpc:MaxSendMessageSize"] = "8" });

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion);

        reply.AssertStatus(GrpcStatusCode.ResourceExhausted, "MaxSendMessageSize");
    }

    [Fact]
    public async Task A_malformed_grpc_timeout_is_INTERNAL()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetVersion", GetVersion, ("grpc-timeout", "soon"));

        reply.AssertStatus(GrpcStatusCode.Internal, "grpc-timeout");
    }

    [Fact]
    public async Task A_non_grpc_content_type_gets_HTTP_415()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await GrpcReply.SendAsync(server.GrpcClient, GrpcReply.Milvus + "GetVersion", GetVersion, [], contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.HttpStatus);
        Assert.Null(reply.Status);
    }

    [Fact]
    public async Task An_HTTP_1_request_gets_HTTP_426()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var reply = await GrpcReply.SendAsync(server.GrpcClient, GrpcReply.Milvus + "GetVersion", GetVersion, [], HttpVersion.Version11);

        Assert.Equal(HttpStatusCode.UpgradeRequired, reply.HttpStatus);
    }
}
