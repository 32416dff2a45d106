namespace OrleansVector.Storage.Segments;

/// <summary>An insert log (binlog): one field's column for the rows of a segment, laid out by <see cref="ColumnCodec"/>.</summary>
internal sealed class InsertLogFormat : SegmentFileFormat<SegmentColumn>
{
    private protected override uint Magic => SegmentFileFrame.InsertLogMagic;

    private protected override void WriteBody(SegmentFileBuilder builder, SegmentColumn value) => ColumnCodec.Write(builder, value);

    private protected override ValueTask<SegmentColumn> ReadBodyAsync(SegmentFileReader reader) => ColumnCodec.ReadAsync(reader);
}
