using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Interfaces.Shards;

/// <summary>
/// One shard of a collection (Milvus's virtual channel and its streaming node), keyed by the virtual channel name
/// (<see cref="Channels.VirtualChannelName"/>). It orders the shard's writes: each takes a hybrid timestamp, is appended
/// to the shard's WAL channel and acknowledged once durable, then applied to the growing segments, which serve reads at
/// once. Reads wait until the shard's tSafe reaches their guarantee timestamp and see the rows visible at the time they
/// read (MVCC: inserted at or before it, not deleted at or before it). An activation replays the WAL from its checkpoint.
/// Every response carries a Milvus status (errors are not thrown).
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    Task<ShardWriteResponse> Insert(ShardInsertRequest request);

    Task<ShardWriteResponse> Delete(ShardDeleteRequest request);

    /// <summary>Deletes the keys in every partition and inserts the rows, at one timestamp.</summary>
    Task<ShardWriteResponse> Upsert(ShardUpsertRequest request);

    [return: Immutable]
    Task<ShardSearchResponse> Search([Immutable] ShardSearchRequest request);

    Task<ShardQueryResponse> Query(ShardQueryRequest request);

    Task<ShardStatistics> GetStatistics(ShardReadScope scope);

    /// <summary>Seals the growing segments, flushes them to the object store, hands them to segment grains and advances the WAL checkpoint.</summary>
    Task<ShardFlushResponse> Flush();

    /// <summary>The registry's new record of one of the shard's sealed segments (an index built, a drop).</summary>
    Task SegmentUpdated(SegmentInfo segment);

    /// <summary>
    /// Replaces the compaction's sources by its merged segment (the coordinator's call once the segment's files and indexes
    /// are written): loads it, carries over the deletes the sources received since the merge read them, records the result
    /// in the registry (sources Dropped in the same transaction) and swaps the sealed list in one turn. Fails, with nothing
    /// changed, when a source is no longer the shard's.
    /// </summary>
    [ResponseTimeout("02:00:00")]
    Task<Status> ReplaceCompacted(SegmentInfo result);

    /// <summary>Activates the shard (replaying its WAL) and answers once it serves reads, its sealed segments loaded.</summary>
    [ResponseTimeout("02:00:00")]
    Task<ShardStatistics> Load(CollectionInfo collection);

    /// <summary>Deletes the shard's WAL channel and checkpoint; the activation then deactivates.</summary>
    Task Drop(CollectionInfo collection);
}
