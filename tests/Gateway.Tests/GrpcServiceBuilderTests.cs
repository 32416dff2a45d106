using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests;

/// <summary>Handler registrations are checked against the .proto service at startup.</summary>
public sealed class GrpcServiceBuilderTests
{
    [Fact]
    public void The_served_table_maps_the_Milvus_paths()
    {
        var table = new GrpcMethodTable(MilvusServiceMethods.CreateBuilder()
            .AddUnary<GetVersionRequest, GetVersionResponse>("GetVersion", (_, _) => ValueTask.FromResult(new GetVersionResponse()))
            .Methods);

        Assert.True(table.TryGet("/milvus.proto.milvus.MilvusService/GetVersion", out var method));
        Assert.Equal("/milvus.proto.milvus.MilvusService/GetVersion", method.Path);
        Assert.False(table.TryGet("/milvus.proto.milvus.MilvusService/getversion", out _));
    }

    [Fact]
    public void A_method_the_service_does_not_declare_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => MilvusServiceMethods.CreateBuilder()
            .AddUnary<GetVersionRequest, GetVersionResponse>("GetVersions", (_, _) => ValueTask.FromResult(new GetVersionResponse())));

        Assert.Contains("milvus.proto.milvus.MilvusService has no method 'GetVersions'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_and_response_types_must_match_the_declaration()
    {
        var builder = MilvusServiceMethods.CreateBuilder();

        var request = Assert.Throws<ArgumentException>(() =>
            builder.AddUnary<ConnectRequest, GetVersionResponse>("GetVersion", (_, _) => ValueTask.FromResult(new GetVersionResponse())));
        var response = Assert.Throws<ArgumentException>(() =>
            builder.AddUnary<GetVersionRequest, Status>("GetVersion", (_, _) => ValueTask.FromResult(new Status())));

        Assert.Contains("takes milvus.proto.milvus.GetVersionRequest as its request, not milvus.proto.milvus.ConnectRequest", request.Message, StringComparison.Ordinal);
        Assert.Contains("takes milvus.proto.milvus.GetVersionResponse as its response, not milvus.proto.common.Status", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_gets_one_handler()
    {
        var builder = MilvusServiceMethods.CreateBuilder()
            .AddUnary<GetVersionRequest, GetVersionResponse>("GetVersion", (_, _) => ValueTask.FromResult(new GetVersionResponse()));

        var e = Assert.Throws<ArgumentException>(() =>
            builder.AddUnary<GetVersionRequest, GetVersionResponse>("GetVersion", (_, _) => ValueTask.FromResult(new GetVersionResponse())));

        Assert.Contains("already has a handler", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_proto_declares_every_RPC_of_the_gateway_issue()
    {
        string[] rpcs =
        [
            "Connect", "GetVersion", "CheckHealth", "AllocTimestamp", "CreateCollection", "DropCollection", "HasCollection",
            "DescribeCollection", "ShowCollections", "RenameCollection", "GetCollectionStatistics", "AlterCollection",
            "CreatePartition", "DropPartition", "HasPartition", "ShowPartitions", "GetPartitionStatistics", "CreateAlias",
            "DropAlias", "AlterAlias", "DescribeAlias", "ListAliases", "CreateDatabase", "DropDatabase", "ListDatabases",
            "CreateIndex", "DescribeIndex", "DropIndex", "GetIndexState", "GetIndexBuildProgress", "LoadCollection",
            "ReleaseCollection", "LoadPartitions", "ReleasePartitions", "GetLoadingProgress", "GetLoadState", "Insert", "Upsert",
            "Delete", "Flush", "GetFlushState", "Search", "HybridSearch", "Query", "GetPersistentSegmentInfo",
            "GetQuerySegmentInfo", "CreateCredential", "UpdateCredential", "DeleteCredential", "ListCredUsers",
            "ManualCompaction", "GetCompactionState",
        ];

        var declared = MilvusServiceMethods.CreateBuilder().Service.Methods.Select(m => m.Name).ToHashSet();

        var missing = rpcs.Where(rpc => !declared.Contains(rpc)).ToArray();
        Assert.True(missing.Length == 0, $"not declared in milvus.proto: {string.Join(", ", missing)}");
    }
}
