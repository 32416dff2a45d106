using System.Buffers.Binary;
using Google.Protobuf;
using OrleansVector.Index.Sparse;

namespace OrleansVector.Grains.Rows;

/// <summary>
/// Milvus's sparse float vector row encoding: (uint32 index, float32 value) pairs, little-endian, 8 bytes per non-zero.
/// </summary>
internal static class SparseVectors
{
    public const int PairBytes = 8;

    /// <summary>One more than the largest index in the row (0 for an empty row).</summary>
    public static long DimensionOf(ReadOnlySpan<byte> row)
    {
        long dim = 0;
        for (var offset = 0; offset + PairBytes <= row.Length; offset += PairBytes)
        {
            dim = Math.Max(dim, (long)BinaryPrimitives.ReadUInt32LittleEndian(row[offset..]) + 1);
        }
        return dim;
    }

    /// <summary>Rows of pairs (each already valid) as compressed rows: offsets, indices, values.</summary>
    public static SparseMatrix ToMatrix(IReadOnlyList<ByteString> rows)
    {
        var offsets = new int[rows.Count + 1];
        for (var row = 0; row < rows.Count; row++)
        {
            offsets[row + 1] = offsets[row] + (rows[row].Length / PairBytes);
        }
        var indices = new uint[offsets[^1]];
        var values = new float[offsets[^1]];
        for (var row = 0; row < rows.Count; row++)
        {
            var pairs = rows[row].Span;
            for (int pair = 0, at = offsets[row]; pair < pairs.Length / PairBytes; pair++, at++)
            {
                indices[at] = BinaryPrimitives.ReadUInt32LittleEndian(pairs[(pair * PairBytes)..]);
                values[at] = BinaryPrimitives.ReadSingleLittleEndian(pairs[((pair * PairBytes) + 4)..]);
            }
        }
        return new SparseMatrix(offsets, indices, values);
    }

    /// <summary>Why a row is not a valid sparse vector (whole pairs, strictly increasing indices below 2^32-1, finite values), or null.</summary>
    public static string? Problem(ReadOnlySpan<byte> row)
    {
        if (row.Length % PairBytes != 0)
        {
            return $"its {row.Length} bytes are not whole (index, value) pairs of {PairBytes} bytes";
        }
        long previous = -1;
        for (var offset = 0; offset < row.Length; offset += PairBytes)
        {
            var index = BinaryPrimitives.ReadUInt32LittleEndian(row[offset..]);
            var value = BinaryPrimitives.ReadSingleLittleEndian(row[(offset + 4)..]);
            if (index == uint.MaxValue)
            {
                return "index 4294967295 is reserved";
            }
            if (index <= previous)
            {
                return $"indices must increase strictly (index {index} follows {previous})";
            }
            if (!float.IsFinite(value))
            {
                return $"the value at index {index} is not finite";
            }
            previous = index;
        }
        return null;
    }
}
