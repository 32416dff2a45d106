namespace OrleansVector.Grains.Diagnostics;

/// <summary>Segments by state as one owner sees them: a shard its in-memory ones, the coordinator its registry.</summary>
internal readonly record struct SegmentCounts(long Growing, long Sealed, long Flushed, long Indexed, long Dropped)
{
    public static SegmentCounts operator +(SegmentCounts a, SegmentCounts b) =>
        new(a.Growing + b.Growing, a.Sealed + b.Sealed, a.Flushed + b.Flushed, a.Indexed + b.Indexed, a.Dropped + b.Dropped);
}
