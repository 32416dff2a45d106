namespace OrleansVector.Storage.Segments;

/// <summary>
/// Deletions applied to a segment: row <c>i</c> deleted primary key <c>i</c> of <see cref="PrimaryKeys"/> (an Int64
/// <see cref="FixedWidthColumn{T}"/> of long or a VarChar <see cref="VariableWidthColumn"/>, no nulls) at hybrid
/// timestamp <c>Timestamps[i]</c>.
/// </summary>
public sealed class DeltaLog
{
    public DeltaLog(SegmentColumn primaryKeys, ReadOnlyMemory<ulong> timestamps)
    {
        PrimaryKeyColumns.Validate(primaryKeys, nameof(primaryKeys));
        if (timestamps.Length != primaryKeys.RowCount)
        {
            throw new ArgumentException($"A delta log needs one timestamp per key: {primaryKeys.RowCount} keys, {timestamps.Length} timestamps.", nameof(timestamps));
        }

        PrimaryKeys = primaryKeys;
        Timestamps = timestamps;
    }

    public SegmentColumn PrimaryKeys { get; }

    public ReadOnlyMemory<ulong> Timestamps { get; }

    public int Count => PrimaryKeys.RowCount;

    /// <summary>A delta log of Int64 keys.</summary>
    public static DeltaLog FromInt64(ReadOnlyMemory<long> primaryKeys, ReadOnlyMemory<ulong> timestamps) =>
        new(new FixedWidthColumn<long>(primaryKeys), timestamps);
}
