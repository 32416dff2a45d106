using OrleansVector.Grains.Interfaces.Messages;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// Chooses what to compact among a collection's sealed segments (Milvus's mix and single compaction triggers): per shard
/// and partition, small segments are packed oldest first into merges of at most <see cref="CompactionLimits.MaxSegmentRows"/>
/// live rows and at least <see cref="CoordinatorOptions.CompactionMinSegments"/> segments; a segment whose deleted ratio
/// passes <see cref="CoordinatorOptions.CompactionDeletedRatio"/> and that no merge takes is rewritten on its own.
/// </summary>
internal static class CompactionPlanner
{
    public static List<List<SegmentInfo>> Plan(IEnumerable<SegmentInfo> candidates, CompactionLimits limits, CoordinatorOptions options)
    {
        var plans = new List<List<SegmentInfo>>();
        foreach (var group in candidates.GroupBy(s => (s.VirtualChannel, s.PartitionId)))
        {
            var taken = new HashSet<long>();
            var bin = new List<SegmentInfo>();
            long binRows = 0;
            foreach (var segment in group.Where(s => LiveRows(s) < limits.SmallSegmentRows).OrderBy(s => s.Id))
            {
                if (bin.Count > 0 && binRows + LiveRows(segment) > limits.MaxSegmentRows)
                {
                    Close(bin, plans, taken, options);
                    bin = [];
                    binRows = 0;
                }
                bin.Add(segment);
                binRows += LiveRows(segment);
            }
            Close(bin, plans, taken, options);
            plans.AddRange(group.Where(s => !taken.Contains(s.Id) && IsDeleteHeavy(s, options)).OrderBy(s => s.Id).Select(s => new List<SegmentInfo> { s }));
        }
        return plans;
    }

    /// <summary>Rows not deleted by the segment's delta logs.</summary>
    public static long LiveRows(SegmentInfo segment) => segment.NumRows - segment.DeletedRows;

    private static bool IsDeleteHeavy(SegmentInfo segment, CoordinatorOptions options) =>
        segment.DeletedRows > 0 && segment.DeletedRows >= options.CompactionDeletedRatio * segment.NumRows;

    private static void Close(List<SegmentInfo> bin, List<List<SegmentInfo>> plans, HashSet<long> taken, CoordinatorOptions options)
    {
        if (bin.Count >= options.CompactionMinSegments)
        {
            plans.Add(bin);
            taken.UnionWith(bin.Select(s => s.Id));
        }
    }
}
