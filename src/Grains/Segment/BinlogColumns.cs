using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Storage.Segments;
using StoredArray = OrleansVector.Storage.Segments.ArrayColumn;

namespace OrleansVector.Grains.Segment;

/// <summary>Converts a field's column between the wire layout the data path keeps (FieldData) and the binlog columns of src/Storage.</summary>
internal static class BinlogColumns
{
    public static SegmentColumn ToStored(FieldSpec field, FieldData column, int rows) =>
        ToStored(field.Type, field.Dim, column, rows, Validity(column));

    public static FieldData FromStored(FieldSpec field, SegmentColumn stored)
    {
        var column = field.Template.Clone();
        Fill(column, field.Type, stored);
        if (field.Nullable)
        {
            column.ValidData.AddRange(Enumerable.Range(0, stored.RowCount).Select(stored.IsValid));
        }
        return column;
    }

    private static ReadOnlyMemory<ulong> Validity(FieldData column) =>
        column.ValidData.Count == 0 ? ReadOnlyMemory<ulong>.Empty : SegmentColumn.ValidityFrom([.. column.ValidData]);

    private static SegmentColumn ToStored(DataType type, int dim, FieldData column, int rows, ReadOnlyMemory<ulong> validity) => type switch
    {
        DataType.Bool => new FixedWidthColumn<bool>(column.Scalars.BoolData.Data.ToArray(), validity),
        DataType.Int8 => new FixedWidthColumn<sbyte>(column.Scalars.IntData.Data.Select(v => (sbyte)v).ToArray(), validity),
        DataType.Int16 => new FixedWidthColumn<short>(column.Scalars.IntData.Data.Select(v => (short)v).ToArray(), validity),
        DataType.Int32 => new FixedWidthColumn<int>(column.Scalars.IntData.Data.ToArray(), validity),
        DataType.Int64 => new FixedWidthColumn<long>(column.Scalars.LongData.Data.ToArray(), validity),
        DataType.Float => new FixedWidthColumn<float>(column.Scalars.FloatData.Data.ToArray(), validity),
        DataType.Double => new FixedWidthColumn<double>(column.Scalars.DoubleData.Data.ToArray(), validity),
        DataType.VarChar or DataType.String => Variable(FieldDataType.VarChar, column.Scalars.StringData.Data.Select(Encoding.UTF8.GetBytes).ToList(), validity),
        DataType.Json => Variable(FieldDataType.Json, column.Scalars.JsonData.Data.Select(b => b.ToByteArray()).ToList(), validity),
        DataType.Array => StoredArrayOf(column.Scalars.ArrayData, rows, validity),
        DataType.FloatVector => new DenseVectorColumn<float>(FieldDataType.FloatVector, dim, column.Vectors.FloatVector.Data.ToArray()),
        DataType.BinaryVector => new DenseVectorColumn<byte>(FieldDataType.BinaryVector, dim, column.Vectors.BinaryVector.ToByteArray()),
        DataType.Float16Vector => new DenseVectorColumn<byte>(FieldDataType.Float16Vector, dim, column.Vectors.Float16Vector.ToByteArray()),
        DataType.Bfloat16Vector => new DenseVectorColumn<byte>(FieldDataType.BFloat16Vector, dim, column.Vectors.Bfloat16Vector.ToByteArray()),
        DataType.SparseFloatVector => Sparse(column.Vectors.SparseFloatVector),
        _ => throw new NotSupportedException($"Field '{column.FieldName}' of type {type} cannot be written to a binlog."),
    };

    private static StoredArray StoredArrayOf(ArrayArray arrays, int rows, ReadOnlyMemory<ulong> validity)
    {
        var offsets = new int[rows + 1];
        var builder = new FieldDataBuilder(new FieldData { Type = arrays.ElementType, FieldName = "element" }, nullable: false);
        for (var row = 0; row < rows; row++)
        {
            var wrapper = new FieldData { Type = arrays.ElementType, Scalars = arrays.Data[row] };
            var count = arrays.Data[row].ValueCount;
            builder.AppendAll(wrapper, count);
            offsets[row + 1] = offsets[row] + count;
        }
        var elements = builder.Build();
        return new StoredArray(offsets, ToStored(arrays.ElementType, 0, elements, offsets[^1], ReadOnlyMemory<ulong>.Empty), validity);
    }

    private static VariableWidthColumn Variable(FieldDataType type, List<byte[]> rows, ReadOnlyMemory<ulong> validity)
    {
        var (offsets, data) = Utf8Rows.Concatenate(rows);
        return new VariableWidthColumn(type, offsets, data, validity);
    }

    private static SparseFloatVectorColumn Sparse(SparseFloatArray sparse)
    {
        var rows = SparseVectors.ToMatrix(sparse.Contents);
        return new SparseFloatVectorColumn(rows.Offsets, rows.Indices, rows.Values);
    }

    private static void Fill(FieldData column, DataType type, SegmentColumn stored)
    {
        switch (stored)
        {
            case DenseVectorColumn<float> floats:
                column.Vectors.FloatVector = new FloatArray { Data = { floats.Values.ToArray() } };
                break;
            case DenseVectorColumn<byte> bytes:
                var content = ByteString.CopyFrom(bytes.Values.Span);
                switch (type)
                {
                    case DataType.BinaryVector: column.Vectors.BinaryVector = content; break;
                    case DataType.Float16Vector: column.Vectors.Float16Vector = content; break;
                    default: column.Vectors.Bfloat16Vector = content; break;
                }
                break;
            case SparseFloatVectorColumn sparse:
                column.Vectors.SparseFloatVector = SparseRows(sparse);
                break;
            case StoredArray array:
                var elements = new FieldData { Type = FromStoredType(array.ElementType), FieldName = "element" };
                Fill(elements, elements.Type, array.Elements);
                for (var row = 0; row < array.RowCount; row++)
                {
                    var (start, count) = array.Range(row);
                    var builder = new FieldDataBuilder(elements, nullable: false);
                    for (var i = start; i < start + count; i++)
                    {
                        builder.Append(elements, i);
                    }
                    column.Scalars.ArrayData.Data.Add(builder.Build().Scalars);
                }
                break;
            default:
                column.Scalars = Scalars(type, stored);
                break;
        }
    }

    private static ScalarField Scalars(DataType type, SegmentColumn stored) => stored switch
    {
        FixedWidthColumn<bool> c => new ScalarField { BoolData = new BoolArray { Data = { c.Values.ToArray() } } },
        FixedWidthColumn<sbyte> c => new ScalarField { IntData = new IntArray { Data = { c.Values.ToArray().Select(v => (int)v) } } },
        FixedWidthColumn<short> c => new ScalarField { IntData = new IntArray { Data = { c.Values.ToArray().Select(v => (int)v) } } },
        FixedWidthColumn<int> c => new ScalarField { IntData = new IntArray { Data = { c.Values.ToArray() } } },
        FixedWidthColumn<long> c => new ScalarField { LongData = new LongArray { Data = { c.Values.ToArray() } } },
        FixedWidthColumn<float> c => new ScalarField { FloatData = new FloatArray { Data = { c.Values.ToArray() } } },
        FixedWidthColumn<double> c => new ScalarField { DoubleData = new DoubleArray { Data = { c.Values.ToArray() } } },
        VariableWidthColumn c when type == DataType.Json =>
            new ScalarField { JsonData = new JSONArray { Data = { Enumerable.Range(0, c.RowCount).Select(r => ByteString.CopyFrom(c.Get(r))) } } },
        VariableWidthColumn c => new ScalarField { StringData = new StringArray { Data = { Enumerable.Range(0, c.RowCount).Select(c.GetString) } } },
        _ => throw new NotSupportedException($"A binlog column of {stored.Type} cannot be read as {type}."),
    };

    private static SparseFloatArray SparseRows(SparseFloatVectorColumn sparse)
    {
        var result = new SparseFloatArray();
        for (var row = 0; row < sparse.RowCount; row++)
        {
            var (indices, values) = sparse.Row(row);
            var bytes = new byte[indices.Length * SparseVectors.PairBytes];
            for (var i = 0; i < indices.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8), indices.Span[i]);
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((i * 8) + 4), values.Span[i]);
            }
            result.Contents.Add(ByteString.CopyFrom(bytes));
            result.Dim = Math.Max(result.Dim, SparseVectors.DimensionOf(bytes));
        }
        return result;
    }

    private static DataType FromStoredType(FieldDataType type) => (DataType)(int)type;

    /// <summary>Insert timestamps as the system Timestamp column (field 1, Int64), as Milvus binlogs carry it.</summary>
    public static FixedWidthColumn<long> Timestamps(ReadOnlySpan<ulong> timestamps) => new(MemoryMarshal.Cast<ulong, long>(timestamps).ToArray());
}
