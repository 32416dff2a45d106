using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Segment;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Grains.Compaction;

/// <summary>
/// The work of one compaction plan: loads the sources from their binlogs and delta logs, keeps the rows not deleted as of
/// the plan's timestamp with their own insert timestamps (merged in timestamp order, as a segment keeps them, so MVCC reads
/// and later deletes behave as on the sources), and writes them as the result segment's binlogs and stats log.
/// </summary>
internal static class SegmentMerger
{
    public static async Task<SegmentInfo> MergeAsync(IObjectStore store, CompactionPlan plan, CancellationToken cancellationToken = default)
    {
        if (plan.Sources.Count == 0)
        {
            throw new ArgumentException($"Compaction plan {plan.PlanId} has no source segments.", nameof(plan));
        }
        var first = plan.Sources[0];
        if (plan.Sources.Any(s => s.CollectionId != first.CollectionId || s.PartitionId != first.PartitionId || s.VirtualChannel != first.VirtualChannel))
        {
            throw new ArgumentException($"Compaction plan {plan.PlanId} mixes segments of different collections, partitions or shards.", nameof(plan));
        }
        var schema = new SchemaView(plan.Collection);
        var sources = new List<SegmentRows>(plan.Sources.Count);
        foreach (var source in plan.Sources)
        {
            sources.Add(await SegmentFileStore.LoadAsync(store, source, schema, cancellationToken));
        }
        var survivors = Survivors(sources, plan.Timestamp);
        SegmentInfo result;
        if (survivors.Count == 0)
        {
            // Nothing left: the sources are dropped and replaced by nothing (Milvus drops an empty compaction result too).
            result = new SegmentInfo { Id = plan.ResultSegmentId, CollectionId = first.CollectionId, PartitionId = first.PartitionId, VirtualChannel = first.VirtualChannel, State = SegmentState.Dropped };
        }
        else
        {
            var merged = new SegmentRows(plan.ResultSegmentId, first.PartitionId, schema);
            var columns = new Dictionary<string, FieldData>(StringComparer.Ordinal);
            foreach (var field in schema.Fields.Where(f => !f.IsFunctionOutput))
            {
                var builder = FieldDataBuilder.For(field);
                foreach (var (_, source, row) in survivors)
                {
                    var (batch, offset) = sources[source].Locate(row);
                    builder.Append(batch.Columns[field.Name], offset);
                }
                columns[field.Name] = builder.Build();
            }
            merged.Append(columns, PrimaryKeys.FromColumn(columns[schema.PrimaryKey.Name]), [.. survivors.Select(s => s.Timestamp)]);
            result = await SegmentFileStore.FlushAsync(store, merged, plan.ResultSegmentId, first.VirtualChannel, cancellationToken);
        }
        // The WAL replay skips inserts a flushed segment holds by this timestamp: it must cover every source's rows.
        result.MaxTimestamp = plan.Sources.Max(s => s.MaxTimestamp);
        result.CompactedFrom.AddRange(plan.Sources.Select(s => s.Id));
        return result;
    }

    /// <summary>The rows not deleted at <paramref name="timestamp"/>, ordered by insert timestamp (ties in source and row order).</summary>
    private static List<(ulong Timestamp, int Source, int Row)> Survivors(List<SegmentRows> sources, ulong timestamp)
    {
        var survivors = new List<(ulong Timestamp, int Source, int Row)>();
        for (var source = 0; source < sources.Count; source++)
        {
            var rows = sources[source];
            for (var row = 0; row < rows.RowCount; row++)
            {
                if (!rows.IsDeletedBy(row, timestamp))
                {
                    survivors.Add((rows.InsertedAt(row), source, row));
                }
            }
        }
        survivors.Sort();
        return survivors;
    }
}
