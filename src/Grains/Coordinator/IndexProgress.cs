using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// How far an index is built over a collection's flushed segments, as Milvus reports it: rows in flushed segments,
/// rows whose segment has the index finished, and the state (Finished when nothing is pending, also for an empty
/// collection; Failed when a segment's build failed; InProgress otherwise).
/// </summary>
internal readonly record struct IndexProgress(long TotalRows, long IndexedRows, IndexState State, string FailReason)
{
    public long PendingRows => TotalRows - IndexedRows;

    public static IndexProgress Of(IndexDefinition index, IEnumerable<SegmentInfo> flushedSegments)
    {
        long total = 0, indexed = 0;
        var failReason = "";
        foreach (var segment in flushedSegments)
        {
            total += segment.NumRows;
            var built = segment.Indexes.FirstOrDefault(i => i.IndexId == index.IndexId);
            if (built is { State: IndexState.Finished })
            {
                indexed += segment.NumRows;
            }
            else if (built is { State: IndexState.Failed } && failReason.Length == 0)
            {
                failReason = $"segment {segment.Id}: {built.FailReason}";
            }
        }
        var state = failReason.Length > 0 ? IndexState.Failed : indexed == total ? IndexState.Finished : IndexState.InProgress;
        return new IndexProgress(total, indexed, state, failReason);
    }
}
