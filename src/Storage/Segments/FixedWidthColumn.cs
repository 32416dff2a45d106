namespace OrleansVector.Storage.Segments;

/// <summary>
/// A fixed-width scalar column; the field type follows from <typeparamref name="T"/>: bool (Bool), sbyte (Int8),
/// short (Int16), int (Int32), long (Int64), float (Float) or double (Double).
/// </summary>
public sealed class FixedWidthColumn<T> : SegmentColumn where T : unmanaged
{
    public FixedWidthColumn(ReadOnlyMemory<T> values, ReadOnlyMemory<ulong> validity = default)
        : base(ScalarTypes.Of<T>(), values.Length, validity)
    {
        Values = values;
    }

    public ReadOnlyMemory<T> Values { get; }

    internal override void WriteValues(SegmentFileBuilder builder) => builder.WriteArray(Values);
}
