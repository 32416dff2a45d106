using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Kernels;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// Vectors as Milvus's REST v2 writes them in JSON, to and from the little-endian bytes the protocol carries for one row
/// of a column or one query vector of a placeholder group:
/// FloatVector <c>[numbers]</c>; BinaryVector <c>[dim/8 numbers 0..255]</c> or a base64 string of those bytes;
/// Float16Vector and BFloat16Vector <c>[dim numbers]</c> (rounded to the type) or a base64 string of the 2-byte
/// elements; Int8Vector <c>[dim numbers -128..127]</c>; SparseFloatVector <c>{"index": value, ...}</c> or
/// <c>{"indices": [...], "values": [...]}</c>.
/// Results are rendered as Milvus renders them: binary, float16 and bfloat16 rows as base64 strings (Go's encoding of
/// bytes), int8 rows as arrays of numbers, sparse rows as <c>{"index": value}</c>.
/// </summary>
public static class RestVectors
{
    private const int SparsePairBytes = 8;

    public static bool IsVector(DataType type) => type is >= DataType.BinaryVector and <= DataType.Int8Vector;

    /// <summary>The dim type parameter of a dense vector field (0 for a sparse one, whose rows carry their own indices).</summary>
    public static long Dimension(FieldSchema field) => field.DataType == DataType.SparseFloatVector ? 0
        : long.TryParse(field.TypeParams.FirstOrDefault(p => p.Key == "dim")?.Value, CultureInfo.InvariantCulture, out var dim) && dim > 0
            ? dim
            : throw new MilvusException(MilvusErrorCode.CollectionIllegalSchema, $"vector field '{field.Name}' has no dim");

    /// <summary>Writes one vector given in JSON, in the encoding of <paramref name="type"/>; sparse pairs sorted by index.</summary>
    public static void Write(IBufferWriter<byte> output, DataType type, long dim, JsonNode? value, string name)
    {
        if (type == DataType.SparseFloatVector)
        {
            WriteSparse(output, value, name);
            return;
        }
        var size = RowBytes(type, dim);
        var row = output.GetSpan(size)[..size];
        switch (type, value)
        {
            case (DataType.BinaryVector or DataType.Float16Vector or DataType.Bfloat16Vector, JsonValue text) when text.GetValueKind() == JsonValueKind.String:
                if (!Convert.TryFromBase64String(text.GetValue<string>(), row, out var written) || written != size)
                {
                    throw RestCall.Format(name, $"base64 of {size} bytes (dim {dim})", value);
                }
                break;
            case (DataType.BinaryVector, JsonArray items):
                Expect(items, size, name, dim);
                for (var i = 0; i < size; i++)
                {
                    row[i] = RestColumns.Get<byte>(items[i], name);
                }
                break;
            case (DataType.Int8Vector, JsonArray items):
                Expect(items, dim, name, dim);
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = unchecked((byte)RestColumns.Get<sbyte>(items[i], name));
                }
                break;
            case (DataType.FloatVector, JsonArray items):
                Expect(items, dim, name, dim);
                for (var i = 0; i < items.Count; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(row[(i * sizeof(float))..], RestColumns.Get<float>(items[i], name));
                }
                break;
            case (DataType.Float16Vector or DataType.Bfloat16Vector, JsonArray items):
                Expect(items, dim, name, dim);
                var floats = ArrayPool<float>.Shared.Rent(items.Count);
                try
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        floats[i] = RestColumns.Get<float>(items[i], name);
                    }
                    if (type == DataType.Float16Vector)
                    {
                        HalfPrecision.SingleToFloat16(floats.AsSpan(0, items.Count), row);
                    }
                    else
                    {
                        HalfPrecision.SingleToBFloat16(floats.AsSpan(0, items.Count), row);
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(floats);
                }
                break;
            default:
                throw RestCall.Format(name, Expected(type), value);
        }
        output.Advance(size);
    }

    /// <summary>Rows held by a column of vectors.</summary>
    public static int RowCount(VectorField vectors) => vectors.DataCase switch
    {
        VectorField.DataOneofCase.SparseFloatVector => vectors.SparseFloatVector.Contents.Count,
        VectorField.DataOneofCase.FloatVector => vectors.Dim == 0 ? 0 : (int)(vectors.FloatVector.Data.Count / vectors.Dim),
        VectorField.DataOneofCase.None => 0,
        _ => RowBytes(TypeOf(vectors), vectors.Dim) is > 0 and var size ? DenseBytes(vectors).Length / size : 0,
    };

    /// <summary>Row <paramref name="row"/> of a column of vectors, as Milvus's REST results show it.</summary>
    public static JsonNode? Render(VectorField vectors, int row)
    {
        switch (vectors.DataCase)
        {
            case VectorField.DataOneofCase.FloatVector:
                var dim = (int)vectors.Dim;
                return new JsonArray(vectors.FloatVector.Data.Skip(row * dim).Take(dim).Select(f => (JsonNode)f).ToArray());
            case VectorField.DataOneofCase.SparseFloatVector:
                var pairs = vectors.SparseFloatVector.Contents[row].Span;
                var sparse = new JsonObject();
                for (var offset = 0; offset + SparsePairBytes <= pairs.Length; offset += SparsePairBytes)
                {
                    sparse[BinaryPrimitives.ReadUInt32LittleEndian(pairs[offset..]).ToString(CultureInfo.InvariantCulture)] =
                        BinaryPrimitives.ReadSingleLittleEndian(pairs[(offset + 4)..]);
                }
                return sparse;
            case VectorField.DataOneofCase.None:
                return null;
            default:
                var size = RowBytes(TypeOf(vectors), vectors.Dim);
                var bytes = DenseBytes(vectors).Slice(row * size, size);
                return vectors.DataCase == VectorField.DataOneofCase.Int8Vector
                    ? new JsonArray(bytes.ToArray().Select(b => (JsonNode)(int)unchecked((sbyte)b)).ToArray())
                    : Convert.ToBase64String(bytes);
        }
    }

    /// <summary>Bytes of one dense row of the type and dimension.</summary>
    public static int RowBytes(DataType type, long dim) => type switch
    {
        DataType.FloatVector => checked((int)dim * sizeof(float)),
        DataType.BinaryVector => (int)(dim / 8),
        DataType.Float16Vector or DataType.Bfloat16Vector => checked((int)dim * 2),
        DataType.Int8Vector => (int)dim,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a dense vector type"),
    };

    private static DataType TypeOf(VectorField vectors) => vectors.DataCase switch
    {
        VectorField.DataOneofCase.BinaryVector => DataType.BinaryVector,
        VectorField.DataOneofCase.Float16Vector => DataType.Float16Vector,
        VectorField.DataOneofCase.Bfloat16Vector => DataType.Bfloat16Vector,
        VectorField.DataOneofCase.Int8Vector => DataType.Int8Vector,
        VectorField.DataOneofCase.SparseFloatVector => DataType.SparseFloatVector,
        _ => DataType.FloatVector,
    };

    private static ReadOnlySpan<byte> DenseBytes(VectorField vectors) => vectors.DataCase switch
    {
        VectorField.DataOneofCase.BinaryVector => vectors.BinaryVector.Span,
        VectorField.DataOneofCase.Float16Vector => vectors.Float16Vector.Span,
        VectorField.DataOneofCase.Bfloat16Vector => vectors.Bfloat16Vector.Span,
        VectorField.DataOneofCase.Int8Vector => vectors.Int8Vector.Span,
        _ => [],
    };

    private static void WriteSparse(IBufferWriter<byte> output, JsonNode? value, string name)
    {
        if (value is not JsonObject row)
        {
            throw RestCall.Format(name, Expected(DataType.SparseFloatVector), value);
        }
        var pairs = row.ContainsKey("indices") || row.ContainsKey("values") ? Listed(row, name)
            : row.Select(p => (Index: uint.TryParse(p.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    ? index : throw RestCall.Format($"{name} key", "a non-negative integer index", JsonValue.Create(p.Key)),
                Value: RestColumns.Get<float>(p.Value, $"{name}.{p.Key}"))).ToList();
        pairs.Sort((a, b) => a.Index.CompareTo(b.Index));
        var span = output.GetSpan(pairs.Count * SparsePairBytes);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0 && pairs[i].Index == pairs[i - 1].Index)
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"{name} holds index {pairs[i].Index} twice: invalid parameter");
            }
            BinaryPrimitives.WriteUInt32LittleEndian(span[(i * SparsePairBytes)..], pairs[i].Index);
            BinaryPrimitives.WriteSingleLittleEndian(span[(i * SparsePairBytes + 4)..], pairs[i].Value);
        }
        output.Advance(pairs.Count * SparsePairBytes);
    }

    private static List<(uint Index, float Value)> Listed(JsonObject row, string name)
    {
        if (row["indices"] is not JsonArray indices || row["values"] is not JsonArray values || indices.Count != values.Count)
        {
            throw RestCall.Format(name, "{\"indices\": [...], \"values\": [...]} of equal length", row);
        }
        return [.. indices.Select((index, i) => (RestColumns.Get<uint>(index, $"{name}.indices"), RestColumns.Get<float>(values[i], $"{name}.values")))];
    }

    private static void Expect(JsonArray items, long count, string name, long dim)
    {
        if (items.Count != count)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"{name} has {items.Count} elements; the field's dim {dim} needs {count}: invalid parameter");
        }
    }

    private static string Expected(DataType type) => type switch
    {
        DataType.BinaryVector => "an array of bytes (0-255, dim/8 of them) or a base64 string",
        DataType.Float16Vector or DataType.Bfloat16Vector => "an array of numbers or a base64 string of the 2-byte elements",
        DataType.Int8Vector => "an array of integers from -128 to 127",
        DataType.SparseFloatVector => "an object {\"index\": value} or {\"indices\": [...], \"values\": [...]}",
        _ => "an array of numbers",
    };
}
