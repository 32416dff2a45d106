using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>How handler failures reach the client: Milvus errors inside Status, others as gRPC statuses.</summary>
public sealed class HandlerFailureTests
{
    private static Task<GatewayTestServer> StartAsync() => GatewayTestServer.StartAsync(services: services => services.AddSingleton(
        new GrpcMethodTable(MilvusServiceMethods.CreateBuilder()
            .AddMilvus<DescribeCollectionRequest, DescribeCollectionResponse>("DescribeCollection",
                (request, _) => throw new MilvusException(MilvusErrorCode.CollectionNotFound, $"collection not found[collection={request.CollectionName}]"),
                NullLogger.Instance)
            .AddMilvusStatus<DropCollectionRequest>("DropCollection", (_, _) => throw new InvalidOperationException("disk on fire"), NullLogger.Instance)
            .AddMilvusStatus<ReleaseCollectionRequest>("ReleaseCollection",
                (_, _) => throw new MilvusException(MilvusErrorCode.CollectionNotLoaded, "collection not loaded"), NullLogger.Instance)
            .AddUnary<HasCollectionRequest, BoolResponse>("HasCollection", (_, _) => throw new InvalidOperationException("boom"))
            .AddUnary<GetLoadStateRequest, GetLoadStateResponse>("GetLoadState",
                (_, _) => throw new GrpcException(GrpcStatusCode.FailedPrecondition, "größe 100% ✓"))
            .AddUnary<ShowCollectionsRequest, ShowCollectionsResponse>("ShowCollections", async (_, context) =>
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return new ShowCollectionsResponse();
            })
            .Methods)));

    [Fact]
    public async Task A_Milvus_error_travels_in_the_response_status_with_both_codes_and_grpc_OK()
    {
        await using var server = await StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "DescribeCollection", GrpcReply.Frame(new DescribeCollectionRequest { CollectionName = "books" }));

        var status = reply.Single(DescribeCollectionResponse.Parser).Status;
        Assert.Equal(100, status.Code);
        Assert.Equal(ErrorCode.CollectionNotExists, status.ErrorCode);
        Assert.Equal("collection not found[collection=books]", status.Reason);
        Assert.Equal("true", status.ExtraInfo[MilvusStatus.InputErrorKey]);
        Assert.False(status.Retriable);
    }

    [Theory]
    [InlineData("ReleaseCollection", 101, "collection not loaded")]   // a MilvusException
    [InlineData("DropCollection", 65535, "DropCollection failed: disk on fire")]   // any other exception
    public async Task A_Status_returning_RPC_answers_its_failure_as_the_whole_response(string method, int code, string reason)
    {
        await using var server = await StartAsync();

        // Both requests carry collection_name as field 3, so one message serves either.
        var reply = await server.CallAsync(GrpcReply.Milvus + method, GrpcReply.Frame(new DropCollectionRequest { CollectionName = "books" }));

        var status = reply.Single(Status.Parser);
        Assert.Equal(code, status.Code);
        Assert.Equal(ErrorCode.UnexpectedError, status.ErrorCode);
        Assert.Equal(reason, status.Reason);
        Assert.False(status.Retriable);
    }

    [Fact]
    public async Task An_exception_in_a_plain_handler_is_UNKNOWN()
    {
        await using var server = await StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "HasCollection", GrpcReply.Frame(new HasCollectionRequest()));

        reply.AssertStatus(GrpcStatusCode.Unknown, "boom");
    }

    [Fact]
    public async Task A_GrpcException_sets_its_status_and_a_percent_encoded_message_that_decodes_back()
    {
        await using var server = await StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "GetLoadState", GrpcReply.Frame(new GetLoadStateRequest()));

        reply.AssertStatus(GrpcStatusCode.FailedPrecondition);
        Assert.Equal("größe 100% ✓", reply.Message);
    }

    [Fact]
    public async Task A_call_past_its_grpc_timeout_is_DEADLINE_EXCEEDED()
    {
        await using var server = await StartAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "ShowCollections", GrpcReply.Frame(new ShowCollectionsRequest()), ("grpc-timeout", "20m"));

        reply.AssertStatus(GrpcStatusCode.DeadlineExceeded, "deadline");
    }
}
