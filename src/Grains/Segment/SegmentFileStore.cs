using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Grains.Segment;

/// <summary>
/// Writes a sealed segment's rows as files (one binlog per field plus the insert timestamps, a stats log of the primary
/// keys, a delta log of the rows deleted so far) and reads them back; later deletes go to further delta logs.
/// </summary>
internal static class SegmentFileStore
{
    /// <summary>Milvus's system field id of the insert timestamps.</summary>
    public const long TimestampFieldId = 1;

    private static readonly SegmentObjectKeys Keys = new();

    public static async Task<SegmentInfo> FlushAsync(IObjectStore store, SegmentRows rows, long segmentId, string channel, CancellationToken cancellationToken = default)
    {
        var schema = rows.Schema;
        var collectionId = schema.Collection.Id;
        var info = new SegmentInfo
        {
            Id = segmentId,
            CollectionId = collectionId,
            PartitionId = rows.PartitionId,
            VirtualChannel = channel,
            State = SegmentState.Flushed,
            NumRows = rows.RowCount,
            MaxTimestamp = rows.MaxTimestamp,
        };
        var all = Enumerable.Range(0, rows.RowCount).ToList();
        foreach (var field in schema.Fields.Where(f => !f.IsFunctionOutput))
        {
            var column = SegmentReads.Gather(rows, all, [field])[0];
            var key = Keys.InsertLog(collectionId, rows.PartitionId, segmentId, field.Id, segmentId);
            await SegmentFiles.InsertLog.WriteAsync(store, key, BinlogColumns.ToStored(field, column, rows.RowCount), cancellationToken);
            info.Binlogs.Add(new FieldBinlog { FieldId = field.Id, ObjectKeys = { key } });
            if (field.IsPrimaryKey)
            {
                var statsKey = Keys.StatsLog(collectionId, rows.PartitionId, segmentId, field.Id, segmentId);
                await SegmentFiles.StatsLog.WriteAsync(store, statsKey, PrimaryKeyStats.Create(BinlogColumns.ToStored(field, column, rows.RowCount)), cancellationToken);
                info.StatsLogs.Add(statsKey);
            }
        }
        var timestampKey = Keys.InsertLog(collectionId, rows.PartitionId, segmentId, TimestampFieldId, segmentId);
        await SegmentFiles.InsertLog.WriteAsync(store, timestampKey, BinlogColumns.Timestamps(rows.InsertTimestamps), cancellationToken);
        info.Binlogs.Add(new FieldBinlog { FieldId = TimestampFieldId, ObjectKeys = { timestampKey } });
        var deleted = rows.DeletedRows().ToList();
        if (deleted.Count > 0)
        {
            var keys = PrimaryKeys.FromColumn(SegmentReads.Gather(rows, [.. deleted.Select(d => d.Row)], [schema.PrimaryKey])[0]);
            info.DeltaLogs.Add(await WriteDeltaAsync(store, info, keys, [.. deleted.Select(d => d.Timestamp)], cancellationToken));
            info.DeletedRows = deleted.Count;
        }
        return info;
    }

    /// <summary>Writes deletes of a flushed segment as its next delta log and returns the log's key.</summary>
    public static async Task<string> WriteDeltaAsync(IObjectStore store, SegmentInfo segment, PrimaryKeys keys, ulong[] timestamps, CancellationToken cancellationToken = default)
    {
        var key = Keys.DeltaLog(segment.CollectionId, segment.PartitionId, segment.Id, segment.DeltaLogs.Count);
        SegmentColumn column = keys.Longs is { } longs
            ? new FixedWidthColumn<long>(longs)
            : VariableWidthColumn.FromStrings(FieldDataType.VarChar, keys.Strings!);
        await SegmentFiles.DeltaLog.WriteAsync(store, key, new DeltaLog(column, timestamps), cancellationToken);
        return key;
    }

    /// <summary>Reads a flushed segment's rows with its deletes applied.</summary>
    public static async Task<SegmentRows> LoadAsync(IObjectStore store, SegmentInfo segment, SchemaView schema, CancellationToken cancellationToken = default)
    {
        var rows = new SegmentRows(segment.Id, segment.PartitionId, schema);
        var columns = new Dictionary<string, FieldData>(StringComparer.Ordinal);
        ulong[] timestamps = [];
        foreach (var binlog in segment.Binlogs)
        {
            foreach (var key in binlog.ObjectKeys)
            {
                var stored = await SegmentFiles.InsertLog.ReadAsync(store, key, cancellationToken);
                if (binlog.FieldId == TimestampFieldId)
                {
                    timestamps = [.. ((FixedWidthColumn<long>)stored).Values.ToArray().Select(t => (ulong)t)];
                }
                else if (schema.Fields.FirstOrDefault(f => f.Id == binlog.FieldId) is { } field)
                {
                    columns[field.Name] = BinlogColumns.FromStored(field, stored);
                }
            }
        }
        if (segment.NumRows > 0)
        {
            rows.Append(columns, PrimaryKeys.FromColumn(columns[schema.PrimaryKey.Name]), timestamps);
        }
        foreach (var key in segment.DeltaLogs)
        {
            var delta = await SegmentFiles.DeltaLog.ReadAsync(store, key, cancellationToken);
            var deletedKeys = delta.PrimaryKeys is FixedWidthColumn<long> longs
                ? PrimaryKeys.Of(longs.Values.ToArray())
                : PrimaryKeys.Of([.. Enumerable.Range(0, delta.Count).Select(((VariableWidthColumn)delta.PrimaryKeys).GetString)]);
            rows.Delete(deletedKeys, delta.Timestamps.Span);
        }
        return rows;
    }
}
