namespace OrleansVector.Storage.Segments;

/// <summary>
/// The segment file formats: <see cref="InsertLog"/> (one column per field), <see cref="DeltaLog"/> (deleted
/// primary keys and timestamps), <see cref="StatsLog"/> (primary-key stats). Keys come from <see cref="SegmentObjectKeys"/>.
/// </summary>
public static class SegmentFiles
{
    public static SegmentFileFormat<SegmentColumn> InsertLog { get; } = new InsertLogFormat();

    public static SegmentFileFormat<DeltaLog> DeltaLog { get; } = new DeltaLogFormat();

    public static SegmentFileFormat<PrimaryKeyStats> StatsLog { get; } = new StatsLogFormat();
}
