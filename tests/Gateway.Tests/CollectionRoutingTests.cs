using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Tests;

/// <summary>How gRPC calls reach the grains: the database of Connect, and collection names resolved (and re-resolved) to grains.</summary>
public sealed class CollectionRoutingTests
{
    private static CreateCollectionRequest Collection(string name) => new()
    {
        CollectionName = name,
        Schema = new CollectionSchema
        {
            Name = name,
            Fields =
            {
                new FieldSchema { Name = "id", DataType = DataType.Int64, IsPrimaryKey = true },
                new FieldSchema { Name = "v", DataType = DataType.FloatVector, TypeParams = { new KeyValuePair { Key = "dim", Value = "2" } } },
            },
        }.ToByteString(),
    };

    private static InsertRequest Rows(string collection, params long[] ids) => new()
    {
        CollectionName = collection,
        NumRows = (uint)ids.Length,
        FieldsData =
        {
            new FieldData { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = new LongArray { Data = { ids } } } },
            new FieldData
            {
                FieldName = "v", Type = DataType.FloatVector,
                Vectors = new VectorField { Dim = 2, FloatVector = new FloatArray { Data = { ids.SelectMany(id => new[] { (float)id, 1f }) } } },
            },
        },
    };

    [Fact]
    public async Task Connect_accepts_an_existing_database_and_refuses_an_unknown_one_with_DatabaseNotFound()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var connect = GrpcReply.Frame(new ConnectRequest());

        var created = (await server.CallAsync(GrpcReply.Milvus + "CreateDatabase", GrpcReply.Frame(new CreateDatabaseRequest { DbName = "library" }))).Single(Status.Parser);
        var known = (await server.CallAsync(GrpcReply.Milvus + "Connect", connect, ("dbname", "library"))).Single(ConnectResponse.Parser);
        var unknown = (await server.CallAsync(GrpcReply.Milvus + "Connect", connect, ("dbname", "nope"))).Single(ConnectResponse.Parser);

        Assert.Equal(new Status(), created);
        Assert.Equal(new Status(), known.Status);
        Assert.NotEqual(0, known.Identifier);
        Assert.Equal(800, unknown.Status.Code);
        Assert.Contains("nope", unknown.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_dropped_and_recreated_behind_the_gateway_is_found_again_by_name()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var coordinator = server.Services.GetRequiredService<IGrainFactory>().GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
        Assert.Equal(new Status(), (await server.CallAsync(GrpcReply.Milvus + "CreateCollection", GrpcReply.Frame(Collection("books")))).Single(Status.Parser));
        var first = (await server.CallAsync(GrpcReply.Milvus + "Insert", GrpcReply.Frame(Rows("books", 1, 2)))).Single(MutationResult.Parser);

        // Another gateway drops and re-creates the collection: this gateway's cached id now names a dropped collection.
        Assert.Equal(new Status(), await coordinator.DropCollection(new DropCollectionRequest { DbName = "default", CollectionName = "books" }));
        var recreate = Collection("books");
        recreate.DbName = "default";
        Assert.Equal(new Status(), await coordinator.CreateCollection(recreate));
        var second = (await server.CallAsync(GrpcReply.Milvus + "Insert", GrpcReply.Frame(Rows("books", 7)))).Single(MutationResult.Parser);
        var stats = (await server.CallAsync(GrpcReply.Milvus + "GetCollectionStatistics",
            GrpcReply.Frame(new GetCollectionStatisticsRequest { CollectionName = "books" }))).Single(GetCollectionStatisticsResponse.Parser);

        Assert.Equal(new Status(), first.Status);
        Assert.Equal(2, first.InsertCnt);
        Assert.Equal(new Status(), second.Status);
        Assert.Equal(1, second.InsertCnt);
        Assert.Equal(new Status(), stats.Status);
        Assert.Equal("1", stats.Stats.Single(s => s.Key == "row_count").Value);
    }

    [Fact]
    public async Task Data_calls_on_an_unknown_collection_answer_CollectionNotFound()
    {
        await using var server = await GatewayTestServer.StartAsync();

        var status = (await server.CallAsync(GrpcReply.Milvus + "Insert", GrpcReply.Frame(Rows("ghost", 1)))).Single(MutationResult.Parser).Status;

        Assert.Equal(100, status.Code);
        Assert.Equal(ErrorCode.CollectionNotExists, status.ErrorCode);
    }
}
