using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>What every MilvusService request goes through before a grain sees it: the database from the dbname header, name rules.</summary>
public sealed class RequestPreparationTests
{
    /// <summary>A DescribeCollection that echoes the database and collection it was given, so tests see the prepared request.</summary>
    private static Task<GatewayTestServer> StartEchoAsync() => GatewayTestServer.StartAsync(services: services => services.AddSingleton(
        new GrpcMethodTable(MilvusServiceMethods.CreateBuilder()
            .AddMilvus<DescribeCollectionRequest, DescribeCollectionResponse>("DescribeCollection",
                (request, _) => ValueTask.FromResult(new DescribeCollectionResponse { Status = new Status(), DbName = request.DbName, CollectionName = request.CollectionName }),
                NullLogger.Instance)
            .AddMilvusStatus<CreateDatabaseRequest>("CreateDatabase", (_, _) => ValueTask.FromResult(new Status()), NullLogger.Instance)
            .Methods)));

    [Theory]
    [InlineData("", null, "default")]
    [InlineData("", "tenant_a", "tenant_a")]
    [InlineData("explicit", "tenant_a", "explicit")]
    public async Task An_empty_db_name_is_taken_from_the_dbname_header_else_default(string requestDatabase, string? header, string expected)
    {
        await using var server = await StartEchoAsync();
        var headers = header is null ? [] : new[] { ("dbname", header) };

        var reply = await server.CallAsync(GrpcReply.Milvus + "DescribeCollection",
            GrpcReply.Frame(new DescribeCollectionRequest { DbName = requestDatabase, CollectionName = "books" }), headers);

        var response = reply.Single(DescribeCollectionResponse.Parser);
        Assert.Equal(new Status(), response.Status);
        Assert.Equal(expected, response.DbName);
    }

    [Theory]
    [InlineData("", "collection name should not be empty")]
    [InlineData("1books", "the first character of a collection name must be an underscore or letter")]
    [InlineData("bo-oks", "collection name can only contain numbers, letters and underscores")]
    public async Task A_bad_collection_name_is_ParameterInvalid_before_the_handler_runs(string name, string reason)
    {
        await using var server = await StartEchoAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "DescribeCollection", GrpcReply.Frame(new DescribeCollectionRequest { CollectionName = name }));

        var status = reply.Single(DescribeCollectionResponse.Parser).Status;
        Assert.Equal(1100, status.Code);
        Assert.Equal(ErrorCode.IllegalArgument, status.ErrorCode);
        Assert.Contains(reason, status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_named_longer_than_255_characters_is_refused()
    {
        await using var server = await StartEchoAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "DescribeCollection",
            GrpcReply.Frame(new DescribeCollectionRequest { CollectionName = new string('a', 256) }));

        Assert.Contains("not greater than 255", reply.Single(DescribeCollectionResponse.Parser).Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDatabase_does_not_borrow_the_header_database_and_needs_a_name()
    {
        await using var server = await StartEchoAsync();

        var reply = await server.CallAsync(GrpcReply.Milvus + "CreateDatabase", GrpcReply.Frame(new CreateDatabaseRequest()), ("dbname", "tenant_a"));

        var status = reply.Single(Status.Parser);
        Assert.Equal(1100, status.Code);
        Assert.Contains("database name should not be empty", status.Reason, StringComparison.Ordinal);
    }
}
