using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Interfaces.Coordinator;

/// <summary>
/// The cluster's single coordinator (Milvus's MixCoord: root, data and query coordinators): databases, collections,
/// partitions, aliases and index definitions; load state; the TSO and id allocation; the registry of sealed segments;
/// scheduling of index builds and compaction. Its state lives in the metadata store, so any silo can reactivate it.
/// SDK requests arrive as the Milvus messages themselves; every response carries a Milvus status (errors are not thrown).
/// Use the key <see cref="CoordinatorKey.Value"/>.
/// </summary>
public interface ICoordinatorGrain : IGrainWithIntegerKey
{
    Task<Status> CreateDatabase(CreateDatabaseRequest request);

    Task<Status> DropDatabase(DropDatabaseRequest request);

    [ReadOnly]
    Task<ListDatabasesResponse> ListDatabases(ListDatabasesRequest request);

    Task<Status> CreateCollection(CreateCollectionRequest request);

    Task<Status> DropCollection(DropCollectionRequest request);

    [ReadOnly]
    Task<BoolResponse> HasCollection(HasCollectionRequest request);

    [ReadOnly]
    Task<DescribeCollectionResponse> DescribeCollection(DescribeCollectionRequest request);

    [ReadOnly]
    Task<ShowCollectionsResponse> ShowCollections(ShowCollectionsRequest request);

    Task<Status> RenameCollection(RenameCollectionRequest request);

    Task<Status> AlterCollection(AlterCollectionRequest request);

    Task<Status> CreatePartition(CreatePartitionRequest request);

    Task<Status> DropPartition(DropPartitionRequest request);

    [ReadOnly]
    Task<BoolResponse> HasPartition(HasPartitionRequest request);

    [ReadOnly]
    Task<ShowPartitionsResponse> ShowPartitions(ShowPartitionsRequest request);

    Task<Status> CreateAlias(CreateAliasRequest request);

    Task<Status> DropAlias(DropAliasRequest request);

    Task<Status> AlterAlias(AlterAliasRequest request);

    [ReadOnly]
    Task<DescribeAliasResponse> DescribeAlias(DescribeAliasRequest request);

    [ReadOnly]
    Task<ListAliasesResponse> ListAliases(ListAliasesRequest request);

    Task<Status> CreateIndex(CreateIndexRequest request);

    [ReadOnly]
    Task<DescribeIndexResponse> DescribeIndex(DescribeIndexRequest request);

    Task<Status> DropIndex(DropIndexRequest request);

    [ReadOnly]
    Task<GetIndexStateResponse> GetIndexState(GetIndexStateRequest request);

    [ReadOnly]
    Task<GetIndexBuildProgressResponse> GetIndexBuildProgress(GetIndexBuildProgressRequest request);

    Task<Status> LoadCollection(LoadCollectionRequest request);

    Task<Status> ReleaseCollection(ReleaseCollectionRequest request);

    Task<Status> LoadPartitions(LoadPartitionsRequest request);

    Task<Status> ReleasePartitions(ReleasePartitionsRequest request);

    [ReadOnly]
    Task<GetLoadingProgressResponse> GetLoadingProgress(GetLoadingProgressRequest request);

    [ReadOnly]
    Task<GetLoadStateResponse> GetLoadState(GetLoadStateRequest request);

    [ReadOnly]
    Task<GetFlushStateResponse> GetFlushState(GetFlushStateRequest request);

    [ReadOnly]
    Task<GetPersistentSegmentInfoResponse> GetPersistentSegmentInfo(GetPersistentSegmentInfoRequest request);

    [ReadOnly]
    Task<GetQuerySegmentInfoResponse> GetQuerySegmentInfo(GetQuerySegmentInfoRequest request);

    /// <summary>Hybrid timestamps from the TSO: strictly increasing across restarts.</summary>
    [AlwaysInterleave]
    Task<AllocTimestampResponse> AllocTimestamp(AllocTimestampRequest request);

    // ---- internal: for the gateway and the other grains ----

    /// <summary>The collection named by database and name or alias (or by id); CollectionNotFound (100) when there is none.</summary>
    [ReadOnly]
    Task<CollectionInfoResponse> GetCollection(CollectionLookup lookup);

    /// <summary>A block of hybrid timestamps [begin, begin + count).</summary>
    [AlwaysInterleave]
    Task<AllocateResponse> AllocateTimestamps(AllocateRequest request);

    /// <summary>A block of unique ids [begin, begin + count) for auto-IDs, segments and index builds.</summary>
    [AlwaysInterleave]
    Task<AllocateResponse> AllocateIds(AllocateRequest request);

    /// <summary>
    /// Records a sealed segment's files or state (upsert by id); schedules index builds a flushed segment lacks. For a
    /// segment already recorded, its index entries and a Dropped state stay as the registry holds them (the caller's copy
    /// of those may be stale); segments listed in compacted_from become Dropped.
    /// </summary>
    Task<Status> SaveSegment(SegmentInfo segment);

    [ReadOnly]
    Task<ListSegmentsResponse> ListSegments(ListSegmentsRequest request);

    /// <summary>A collection grain reports how far a load has come; 100 makes the collection Loaded.</summary>
    Task<Status> ReportLoadProgress(LoadProgressReport report);

    /// <summary>
    /// The coordinator's own call, in a later turn than the one that started the build: records a finished or failed index
    /// build in the segment registry and passes the segment on to its collection. A result for an index or build the
    /// registry no longer expects (dropped meanwhile, superseded by a newer build) is ignored.
    /// </summary>
    Task CompleteIndexBuild(IndexBuildCompletion completion);

    /// <summary>
    /// Deletes the segment and index files nothing in the catalog references: files of dropped collections, partitions
    /// and superseded index builds, and of segments a compaction replaced once the grace period has passed. Files younger
    /// than the grace period are kept. Also runs on a timer (CoordinatorOptions.GarbageCollectionInterval).
    /// </summary>
    Task<GarbageCollectionReport> CollectGarbage();

    /// <summary>
    /// Compacts a collection now (Milvus's ManualCompaction): merges its small sealed segments per shard and partition and
    /// rewrites segments whose deleted ratio passes the threshold, without the deleted rows. Answers at once with the
    /// compaction id and the number of merges planned; the merges run in the background (also on a timer,
    /// CoordinatorOptions.CompactionInterval).
    /// </summary>
    Task<ManualCompactionResponse> ManualCompaction(ManualCompactionRequest request);

    /// <summary>How far a compaction has come (Milvus's GetCompactionState); Undefined for an id this activation never started.</summary>
    [ReadOnly]
    Task<GetCompactionStateResponse> GetCompactionState(GetCompactionStateRequest request);

    /// <summary>Answers with the compaction's state once it is no longer executing (for in-process clients and tests).</summary>
    [ReadOnly]
    [ResponseTimeout("02:00:00")]
    Task<GetCompactionStateResponse> WaitForCompaction(GetCompactionStateRequest request);
}
