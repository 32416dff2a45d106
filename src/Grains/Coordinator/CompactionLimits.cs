using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// A collection's compaction thresholds in rows: <see cref="CoordinatorOptions.MaxSegmentSize"/> and its small share divided
/// by the schema's estimated row size.
/// </summary>
internal readonly record struct CompactionLimits(long SmallSegmentRows, long MaxSegmentRows)
{
    public static CompactionLimits For(CollectionSchema schema, CoordinatorOptions options)
    {
        var maxRows = Math.Max(1, options.MaxSegmentSize / RowSizeEstimate.BytesPerRow(schema));
        return new CompactionLimits(Math.Max(1, (long)(maxRows * options.CompactionSmallProportion)), maxRows);
    }
}
