namespace OrleansVector.Storage.Segments;

/// <summary>
/// Dense vectors, row after row, as the raw little-endian values the kernels read: FloatVector as
/// <c>float</c> (dim values per row); BinaryVector (dim/8 packed bytes per row), Float16Vector and BFloat16Vector
/// (2 bytes per dimension) as <c>byte</c>. Null rows keep zeros.
/// </summary>
public sealed class DenseVectorColumn<T> : SegmentColumn where T : unmanaged
{
    public DenseVectorColumn(FieldDataType type, int dimension, ReadOnlyMemory<T> values, ReadOnlyMemory<ulong> validity = default)
        : base(type, RowsOf(type, dimension, values.Length), validity)
    {
        Dimension = dimension;
        ValuesPerRow = ValuesPerRowOf(type, dimension);
        Values = values;
    }

    public int Dimension { get; }

    /// <summary>How many <typeparamref name="T"/> values one row takes.</summary>
    public int ValuesPerRow { get; }

    public ReadOnlyMemory<T> Values { get; }

    public ReadOnlySpan<T> Row(int row) => Values.Span.Slice(row * ValuesPerRow, ValuesPerRow);

    internal override void WriteValues(SegmentFileBuilder builder)
    {
        builder.WriteInt32(Dimension);
        builder.WriteArray(Values);
    }

    private static int RowsOf(FieldDataType type, int dimension, int valueCount)
    {
        var perRow = ValuesPerRowOf(type, dimension);
        if (valueCount % perRow != 0)
        {
            throw new ArgumentException($"{valueCount} values are not a whole number of {type} rows of {perRow} values (dimension {dimension}).");
        }
        return valueCount / perRow;
    }

    private static int ValuesPerRowOf(FieldDataType type, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var expected = type == FieldDataType.FloatVector ? typeof(float) : typeof(byte);
        if (type is not (FieldDataType.FloatVector or FieldDataType.BinaryVector or FieldDataType.Float16Vector or FieldDataType.BFloat16Vector))
        {
            throw new ArgumentException($"{type} is not a dense vector type.", nameof(type));
        }
        if (typeof(T) != expected)
        {
            throw new ArgumentException($"{type} values are {expected.Name}, not {typeof(T).Name}.", nameof(type));
        }
        if (type == FieldDataType.BinaryVector && dimension % 8 != 0)
        {
            throw new ArgumentException($"A BinaryVector dimension must be a multiple of 8, not {dimension}.", nameof(dimension));
        }

        return type switch
        {
            FieldDataType.FloatVector => dimension,
            FieldDataType.BinaryVector => dimension / 8,
            _ => checked(dimension * 2),
        };
    }
}
