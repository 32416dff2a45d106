using System.Runtime.InteropServices;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// A column in a segment file: int32 field type, int32 row count, the validity words (none = no nulls), then the
/// values as the column type writes them (<see cref="SegmentColumn.WriteValues"/>).
/// </summary>
internal static class ColumnCodec
{
    public static void Write(SegmentFileBuilder builder, SegmentColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        builder.WriteInt32((int)column.Type);
        builder.WriteInt32(column.RowCount);
        builder.WriteArray(column.Validity);
        column.WriteValues(builder);
    }

    /// <summary>Reads a column; <paramref name="asElements"/> = the elements of an Array column, which are scalars or VarChar.</summary>
    public static async ValueTask<SegmentColumn> ReadAsync(SegmentFileReader reader, bool asElements = false)
    {
        var type = (FieldDataType)await reader.ReadInt32Async();
        if (asElements && type != FieldDataType.VarChar && !ScalarTypes.IsFixedWidth(type))
        {
            throw reader.Corrupt($"array elements of type {(int)type}");
        }
        var rows = await reader.ReadInt32Async();
        if (rows < 0)
        {
            throw reader.Corrupt($"negative row count {rows}");
        }

        var validity = await reader.ReadArrayAsync<ulong>("validity");
        if (validity.Length != 0 && validity.Length != SegmentColumn.WordCount(rows))
        {
            throw reader.Corrupt($"the validity bitmap has {validity.Length} words for {rows} rows");
        }

        SegmentColumn column = type switch
        {
            FieldDataType.Bool => new FixedWidthColumn<bool>(await ReadBoolsAsync(reader, rows), validity),
            FieldDataType.Int8 => new FixedWidthColumn<sbyte>(await reader.ReadArrayAsync<sbyte>("values", rows), validity),
            FieldDataType.Int16 => new FixedWidthColumn<short>(await reader.ReadArrayAsync<short>("values", rows), validity),
            FieldDataType.Int32 => new FixedWidthColumn<int>(await reader.ReadArrayAsync<int>("values", rows), validity),
            FieldDataType.Int64 => new FixedWidthColumn<long>(await reader.ReadArrayAsync<long>("values", rows), validity),
            FieldDataType.Float => new FixedWidthColumn<float>(await reader.ReadArrayAsync<float>("values", rows), validity),
            FieldDataType.Double => new FixedWidthColumn<double>(await reader.ReadArrayAsync<double>("values", rows), validity),
            FieldDataType.VarChar or FieldDataType.Json => new VariableWidthColumn(
                type, await reader.ReadArrayAsync<int>("offsets", rows + 1L), await reader.ReadArrayAsync<byte>("data"), validity),
            FieldDataType.Array => await ReadArrayColumnAsync(reader, rows, validity),
            FieldDataType.FloatVector => await ReadDenseAsync<float>(reader, type, validity),
            FieldDataType.BinaryVector or FieldDataType.Float16Vector or FieldDataType.BFloat16Vector => await ReadDenseAsync<byte>(reader, type, validity),
            FieldDataType.SparseFloatVector => new SparseFloatVectorColumn(
                await reader.ReadArrayAsync<int>("offsets", rows + 1L), await reader.ReadArrayAsync<uint>("indices"), await reader.ReadArrayAsync<float>("values"), validity),
            _ => throw reader.Corrupt($"unknown field type {(int)type}"),
        };
        return column.RowCount == rows ? column : throw reader.Corrupt($"the column holds {column.RowCount} rows, not {rows}");
    }

    /// <summary>Bools are stored as bytes; anything but 0 or 1 would be an invalid CLR bool, so it is damage.</summary>
    private static async ValueTask<bool[]> ReadBoolsAsync(SegmentFileReader reader, int rows)
    {
        var values = await reader.ReadArrayAsync<bool>("values", rows);
        foreach (var value in MemoryMarshal.AsBytes(values.AsSpan()))
        {
            if (value > 1)
            {
                throw reader.Corrupt($"a Bool value is {value}");
            }
        }
        return values;
    }

    private static async ValueTask<SegmentColumn> ReadArrayColumnAsync(SegmentFileReader reader, int rows, ulong[] validity)
    {
        var offsets = await reader.ReadArrayAsync<int>("offsets", rows + 1L);
        var elements = await ReadAsync(reader, asElements: true);
        return new ArrayColumn(offsets, elements, validity);
    }

    private static async ValueTask<SegmentColumn> ReadDenseAsync<T>(SegmentFileReader reader, FieldDataType type, ulong[] validity) where T : unmanaged
    {
        var dimension = await reader.ReadInt32Async();
        return new DenseVectorColumn<T>(type, dimension, await reader.ReadArrayAsync<T>("vectors"), validity);
    }
}
