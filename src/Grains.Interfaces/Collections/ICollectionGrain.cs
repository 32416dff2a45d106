using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Interfaces.Collections;

/// <summary>
/// One collection's data path, keyed by collection id: validates rows against the schema, assigns auto-IDs, routes rows
/// to shards by primary-key hash (and to partitions by partition-key hash), fans searches and queries out to every shard
/// and reduces their results. Every response carries a Milvus status (errors are not thrown). The implementation is
/// [Reentrant]: it holds only a cached copy of the collection, and shards order the writes.
/// </summary>
public interface ICollectionGrain : IGrainWithIntegerKey
{
    Task<MutationResult> Insert(InsertRequest request);

    Task<MutationResult> Upsert(UpsertRequest request);

    Task<MutationResult> Delete(DeleteRequest request);

    [return: Immutable]
    Task<SearchResults> Search([Immutable] SearchRequest request);

    Task<SearchResults> HybridSearch(HybridSearchRequest request);

    Task<QueryResults> Query(QueryRequest request);

    /// <summary>Seals every shard's growing segments and writes them as binlogs.</summary>
    Task<ShardFlushResponse> Flush();

    /// <summary>Exact row counts that reflect deletes and upserts.</summary>
    Task<GetCollectionStatisticsResponse> GetCollectionStatistics(GetCollectionStatisticsRequest request);

    Task<GetPartitionStatisticsResponse> GetPartitionStatistics(GetPartitionStatisticsRequest request);

    /// <summary>
    /// The coordinator's new view of the collection (schema, partitions, aliases, indexes, load state); sent after every
    /// change so cached copies stay current.
    /// </summary>
    Task Refresh(CollectionInfo collection);

    /// <summary>
    /// Starts loading the loaded partitions' shards and sealed segments; progress goes back through
    /// <see cref="Coordinator.ICoordinatorGrain.ReportLoadProgress"/>.
    /// </summary>
    [OneWay]
    Task Load(CollectionInfo collection);

    /// <summary>Stops serving searches and queries and frees loaded segments.</summary>
    Task Release(CollectionInfo collection);

    /// <summary>
    /// The registry's new record of a sealed segment (an index built, a compaction's result, a drop); the collection
    /// passes it to the shard and segment grains that serve it.
    /// </summary>
    Task SegmentUpdated(SegmentInfo segment);

    /// <summary>Drops the collection's data: shards, WAL channels, growing and sealed segments.</summary>
    Task Drop(CollectionInfo collection);
}
