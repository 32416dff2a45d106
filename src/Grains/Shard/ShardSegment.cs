using OrleansVector.Grains.Segment;

namespace OrleansVector.Grains.Shard;

/// <summary>A segment a shard holds in memory: growing, or sealed and waiting for its flush and handoff.</summary>
internal sealed class ShardSegment(SegmentRows rows, long firstLsn, DateTimeOffset now)
{
    public SegmentRows Rows { get; } = rows;

    /// <summary>The WAL position of the first write applied to it: replay must start at or before it until it is flushed.</summary>
    public long FirstLsn { get; } = firstLsn;

    public DateTimeOffset LastWrite { get; set; } = now;
}
