using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Interfaces.Segments;

/// <summary>
/// One sealed segment (Milvus's query-node segment), keyed by segment id: loads its binlogs, delta logs and index from
/// the object store and serves searches and queries at the read timestamp its shard gives, with deletes applied (delta
/// logs, plus deletes the shard forwards since the flush). Every response carries a Milvus status.
/// </summary>
public interface ISegmentGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Loads (or reloads, when files or indexes changed) the segment the assignment describes. A segment of a million
    /// rows reads about a gigabyte of binlogs and index, which on a busy machine takes longer than the default timeout.
    /// </summary>
    [ResponseTimeout("02:00:00")]
    Task<SegmentLoadResponse> Load(SegmentAssignment assignment);

    [return: Immutable]
    Task<ShardSearchResponse> Search([Immutable] SegmentSearchRequest request);

    Task<ShardQueryResponse> Query(SegmentQueryRequest request);

    Task<SegmentDeleteResponse> Delete(SegmentDeleteRequest request);

    /// <summary>Every delete the segment holds (delta logs and forwarded ones), each key with its delete timestamp.</summary>
    Task<SegmentDeletes> DeletedRows();

    /// <summary>Applies deletes with their own timestamps; answers with those that deleted a row here.</summary>
    Task<SegmentDeletes> ApplyDeletes(SegmentDeletes deletes);

    /// <summary>Frees the loaded data; the activation deactivates.</summary>
    Task Release();
}
