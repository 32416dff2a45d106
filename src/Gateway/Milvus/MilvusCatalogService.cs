using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// The RPCs the coordinator grain serves (Milvus's root, data and query coordinators): databases, collections,
/// partitions, aliases, indexes, load state, the TSO and segment information. Requests reach it prepared (database
/// filled, names valid); calls that can change what a collection name means drop the gateway's cached ids.
/// </summary>
public sealed class MilvusCatalogService(IGrainFactory grains, CollectionResolver collections)
{
    private readonly ICoordinatorGrain _coordinator = grains.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);

    public ICoordinatorGrain Coordinator => _coordinator;

    public GrpcServiceBuilder Register(GrpcServiceBuilder builder, ILogger logger, GatewayMetrics metrics)
    {
        var c = _coordinator;
        return builder
            .AddMilvusStatus<CreateDatabaseRequest>("CreateDatabase", (r, _) => new(c.CreateDatabase(r)), logger, metrics)
            .AddMilvusStatus<DropDatabaseRequest>("DropDatabase", (r, _) => DropDatabase(r), logger, metrics)
            .AddMilvus<ListDatabasesRequest, ListDatabasesResponse>("ListDatabases", (r, _) => new(c.ListDatabases(r)), logger, metrics)
            .AddMilvusStatus<CreateCollectionRequest>("CreateCollection", (r, _) => new(c.CreateCollection(r)), logger, metrics)
            .AddMilvusStatus<DropCollectionRequest>("DropCollection", (r, _) => DropCollection(r), logger, metrics)
            .AddMilvus<HasCollectionRequest, BoolResponse>("HasCollection", (r, _) => new(c.HasCollection(r)), logger, metrics)
            .AddMilvus<DescribeCollectionRequest, DescribeCollectionResponse>("DescribeCollection", (r, _) => new(c.DescribeCollection(r)), logger, metrics)
            .AddMilvus<ShowCollectionsRequest, ShowCollectionsResponse>("ShowCollections", (r, _) => new(c.ShowCollections(r)), logger, metrics)
            .AddMilvusStatus<RenameCollectionRequest>("RenameCollection", (r, _) => RenameCollection(r), logger, metrics)
            .AddMilvusStatus<AlterCollectionRequest>("AlterCollection", (r, _) => new(c.AlterCollection(r)), logger, metrics)
            .AddMilvusStatus<CreatePartitionRequest>("CreatePartition", (r, _) => new(c.CreatePartition(r)), logger, metrics)
            .AddMilvusStatus<DropPartitionRequest>("DropPartition", (r, _) => new(c.DropPartition(r)), logger, metrics)
            .AddMilvus<HasPartitionRequest, BoolResponse>("HasPartition", (r, _) => new(c.HasPartition(r)), logger, metrics)
            .AddMilvus<ShowPartitionsRequest, ShowPartitionsResponse>("ShowPartitions", (r, _) => new(c.ShowPartitions(r)), logger, metrics)
            .AddMilvusStatus<CreateAliasRequest>("CreateAlias", (r, _) => CreateAlias(r), logger, metrics)
            .AddMilvusStatus<DropAliasRequest>("DropAlias", (r, _) => DropAlias(r), logger, metrics)
            .AddMilvusStatus<AlterAliasRequest>("AlterAlias", (r, _) => AlterAlias(r), logger, metrics)
            .AddMilvus<DescribeAliasRequest, DescribeAliasResponse>("DescribeAlias", (r, _) => new(c.DescribeAlias(r)), logger, metrics)
            .AddMilvus<ListAliasesRequest, ListAliasesResponse>("ListAliases", (r, _) => new(c.ListAliases(r)), logger, metrics)
            .AddMilvusStatus<CreateIndexRequest>("CreateIndex", (r, _) => new(c.CreateIndex(r)), logger, metrics)
            .AddMilvus<DescribeIndexRequest, DescribeIndexResponse>("DescribeIndex", (r, _) => new(c.DescribeIndex(r)), logger, metrics)
            .AddMilvusStatus<DropIndexRequest>("DropIndex", (r, _) => new(c.DropIndex(r)), logger, metrics)
            .AddMilvus<GetIndexStateRequest, GetIndexStateResponse>("GetIndexState", (r, _) => new(c.GetIndexState(r)), logger, metrics)
            .AddMilvus<GetIndexBuildProgressRequest, GetIndexBuildProgressResponse>("GetIndexBuildProgress", (r, _) => new(c.GetIndexBuildProgress(r)), logger, metrics)
            .AddMilvusStatus<LoadCollectionRequest>("LoadCollection", (r, _) => new(c.LoadCollection(r)), logger, metrics)
            .AddMilvusStatus<ReleaseCollectionRequest>("ReleaseCollection", (r, _) => new(c.ReleaseCollection(r)), logger, metrics)
            .AddMilvusStatus<LoadPartitionsRequest>("LoadPartitions", (r, _) => new(c.LoadPartitions(r)), logger, metrics)
            .AddMilvusStatus<ReleasePartitionsRequest>("ReleasePartitions", (r, _) => new(c.ReleasePartitions(r)), logger, metrics)
            .AddMilvus<GetLoadingProgressRequest, GetLoadingProgressResponse>("GetLoadingProgress", (r, _) => new(c.GetLoadingProgress(r)), logger, metrics)
            .AddMilvus<GetLoadStateRequest, GetLoadStateResponse>("GetLoadState", (r, _) => new(c.GetLoadState(r)), logger, metrics)
            .AddMilvus<GetFlushStateRequest, GetFlushStateResponse>("GetFlushState", (r, _) => new(c.GetFlushState(r)), logger, metrics)
            .AddMilvus<ManualCompactionRequest, ManualCompactionResponse>("ManualCompaction", (r, _) => new(c.ManualCompaction(r)), logger, metrics)
            .AddMilvus<GetCompactionStateRequest, GetCompactionStateResponse>("GetCompactionState", (r, _) => new(c.GetCompactionState(r)), logger, metrics)
            .AddMilvus<GetPersistentSegmentInfoRequest, GetPersistentSegmentInfoResponse>("GetPersistentSegmentInfo",
                (r, _) => new(c.GetPersistentSegmentInfo(r)), logger, metrics)
            .AddMilvus<GetQuerySegmentInfoRequest, GetQuerySegmentInfoResponse>("GetQuerySegmentInfo", (r, _) => new(c.GetQuerySegmentInfo(r)), logger, metrics)
            .AddMilvus<AllocTimestampRequest, AllocTimestampResponse>("AllocTimestamp", (r, _) => new(c.AllocTimestamp(r)), logger, metrics);
    }

    public ValueTask<Status> DropDatabase(DropDatabaseRequest request) => Changing(_coordinator.DropDatabase(request), request.DbName);

    public ValueTask<Status> DropCollection(DropCollectionRequest request) => Changing(_coordinator.DropCollection(request), request.DbName, request.CollectionName);

    public ValueTask<Status> RenameCollection(RenameCollectionRequest request) => Changing(_coordinator.RenameCollection(request), request.DbName, request.OldName);

    // An alias change can make a cached name point elsewhere; aliases are few, so the database's names are dropped.
    public ValueTask<Status> CreateAlias(CreateAliasRequest request) => Changing(_coordinator.CreateAlias(request), request.DbName);

    public ValueTask<Status> DropAlias(DropAliasRequest request) => Changing(_coordinator.DropAlias(request), request.DbName);

    public ValueTask<Status> AlterAlias(AlterAliasRequest request) => Changing(_coordinator.AlterAlias(request), request.DbName);

    private async ValueTask<Status> Changing(Task<Status> call, string database, string? collection = null)
    {
        try
        {
            return await call;
        }
        finally
        {
            collections.Invalidate(database, collection);
        }
    }
}
