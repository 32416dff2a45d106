namespace OrleansVector.Storage.Segments;

/// <summary>A delta log: the primary-key column (<see cref="ColumnCodec"/>), then the timestamps array.</summary>
internal sealed class DeltaLogFormat : SegmentFileFormat<DeltaLog>
{
    private protected override uint Magic => SegmentFileFrame.DeltaLogMagic;

    private protected override void WriteBody(SegmentFileBuilder builder, DeltaLog value)
    {
        ColumnCodec.Write(builder, value.PrimaryKeys);
        builder.WriteArray(value.Timestamps);
    }

    private protected override async ValueTask<DeltaLog> ReadBodyAsync(SegmentFileReader reader)
    {
        var keys = await ColumnCodec.ReadAsync(reader);
        return new DeltaLog(keys, await reader.ReadArrayAsync<ulong>("timestamps", keys.RowCount));
    }
}
