using System.Runtime.InteropServices;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index;
using OrleansVector.Index.Sparse;
using OrleansVector.Kernels;

namespace OrleansVector.Grains.Rows;

/// <summary>
/// Vectors in the form the indexes take: float32 rows for every dense type except binary (Float16, BFloat16 and Int8
/// widen to float32), packed bits for binary vectors, compressed rows for sparse vectors. Reads insert columns and
/// search placeholders alike.
/// </summary>
internal readonly record struct VectorBlock(float[]? Floats, byte[]? Bits, int Count, SparseMatrix? Sparse = null)
{
    public bool IsBinary => Bits is not null;

    /// <summary>The vectors as an index takes them.</summary>
    public VectorData Data => Sparse is not null ? VectorData.FromSparse(Sparse.Rows)
        : IsBinary ? VectorData.FromBinary(Bits) : VectorData.FromFloats(Floats);

    /// <summary>The vectors of a column of <paramref name="field"/>.</summary>
    public static VectorBlock FromColumn(FieldSpec field, FieldData column, int rows)
    {
        var vectors = column.Vectors;
        return vectors.DataCase switch
        {
            VectorField.DataOneofCase.FloatVector => new([.. vectors.FloatVector.Data], null, rows),
            VectorField.DataOneofCase.BinaryVector => new(null, vectors.BinaryVector.ToByteArray(), rows),
            VectorField.DataOneofCase.SparseFloatVector => FromSparse(field, vectors.SparseFloatVector.Contents),
            _ => new(Widen(field.Type, ByteContent(vectors)), null, rows),
        };
    }

    /// <summary>
    /// The query vectors of a search placeholder for <paramref name="field"/>; throws <see cref="ArgumentException"/>
    /// naming the problem when their type or size does not fit the field.
    /// </summary>
    public static VectorBlock FromPlaceholder(FieldSpec field, PlaceholderValue placeholder)
    {
        var expected = (int)field.Type;
        if ((int)placeholder.Type != expected)
        {
            throw new ArgumentException($"The search vectors are {placeholder.Type}, but field '{field.Name}' holds {field.Type}.");
        }
        if (field.Type == DataType.SparseFloatVector)
        {
            return FromSparse(field, placeholder.Values);
        }
        var bytesPerVector = field.Type switch
        {
            DataType.FloatVector => 4 * field.Dim,
            DataType.BinaryVector => field.Dim / 8,
            DataType.Int8Vector => field.Dim,
            _ => 2 * field.Dim,
        };
        var count = placeholder.Values.Count;
        if (field.Type == DataType.FloatVector)
        {
            // Copied straight into the float array the index takes.
            var floats = new float[count * field.Dim];
            CopyQueries(field, placeholder, bytesPerVector, MemoryMarshal.AsBytes(floats.AsSpan()));
            return new(floats, null, count);
        }
        var all = new byte[count * bytesPerVector];
        CopyQueries(field, placeholder, bytesPerVector, all);
        return field.Type == DataType.BinaryVector ? new(null, all, count) : new(Widen(field.Type, all), null, count);
    }

    /// <summary>Each query's bytes one after another into <paramref name="destination"/>, checking each one's size.</summary>
    private static void CopyQueries(FieldSpec field, PlaceholderValue placeholder, int bytesPerVector, Span<byte> destination)
    {
        for (var q = 0; q < placeholder.Values.Count; q++)
        {
            var value = placeholder.Values[q];
            if (value.Length != bytesPerVector)
            {
                throw new ArgumentException($"Search vector {q} has {value.Length} bytes; field '{field.Name}' (dim {field.Dim}) needs {bytesPerVector}.");
            }
            value.Span.CopyTo(destination[(q * bytesPerVector)..]);
        }
    }

    /// <summary>Sparse rows in Milvus's (uint32 index, float32 value) pair encoding; a row that breaks the rules names itself.</summary>
    private static VectorBlock FromSparse(FieldSpec field, IReadOnlyList<ByteString> rows)
    {
        for (var row = 0; row < rows.Count; row++)
        {
            if (SparseVectors.Problem(rows[row].Span) is { } problem)
            {
                throw new ArgumentException($"Sparse vector {row} of field '{field.Name}' is invalid: {problem}.");
            }
        }
        return new(null, null, rows.Count, SparseVectors.ToMatrix(rows));
    }

    private static ReadOnlySpan<byte> ByteContent(VectorField vectors) => vectors.DataCase switch
    {
        VectorField.DataOneofCase.Float16Vector => vectors.Float16Vector.Span,
        VectorField.DataOneofCase.Bfloat16Vector => vectors.Bfloat16Vector.Span,
        VectorField.DataOneofCase.Int8Vector => vectors.Int8Vector.Span,
        _ => throw new ArgumentException($"Vector payload {vectors.DataCase} is not searchable here."),
    };

    private static float[] Widen(DataType type, ReadOnlySpan<byte> bytes)
    {
        if (type == DataType.Int8Vector)
        {
            var widened = new float[bytes.Length];
            var signed = MemoryMarshal.Cast<byte, sbyte>(bytes);
            for (var i = 0; i < signed.Length; i++)
            {
                widened[i] = signed[i];
            }
            return widened;
        }
        var floats = new float[bytes.Length / 2];
        if (type == DataType.Float16Vector)
        {
            HalfPrecision.Float16ToSingle(bytes, floats);
        }
        else
        {
            HalfPrecision.BFloat16ToSingle(bytes, floats);
        }
        return floats;
    }
}
