using OrleansVector.Index.Sparse;

namespace OrleansVector.Index;

/// <summary>
/// A block of vectors handed to an index: row-major float32 for float indexes (Dimension floats per row), packed bits
/// for binary indexes (Dimension / 8 bytes per row, Milvus's BinaryVector layout), or compressed sparse rows for sparse
/// indexes. Float16/BFloat16 columns are converted to float32 first (Kernels.HalfPrecision). Converts implicitly from
/// arrays, spans and sparse rows.
/// </summary>
public readonly ref struct VectorData
{
    private VectorData(ReadOnlySpan<float> floats, ReadOnlySpan<byte> bytes, SparseRows sparse, bool isBinary, bool isSparse)
    {
        Floats = floats;
        Bytes = bytes;
        Sparse = sparse;
        IsBinary = isBinary;
        IsSparse = isSparse;
    }

    public ReadOnlySpan<float> Floats { get; }

    public ReadOnlySpan<byte> Bytes { get; }

    public SparseRows Sparse { get; }

    public bool IsBinary { get; }

    public bool IsSparse { get; }

    public static VectorData FromFloats(ReadOnlySpan<float> vectors) => new(vectors, default, default, false, false);

    public static VectorData FromBinary(ReadOnlySpan<byte> vectors) => new(default, vectors, default, true, false);

    public static VectorData FromSparse(SparseRows vectors) => new(default, default, vectors, false, true);

    public static implicit operator VectorData(float[] vectors) => FromFloats(vectors);

    public static implicit operator VectorData(ReadOnlySpan<float> vectors) => FromFloats(vectors);

    public static implicit operator VectorData(byte[] vectors) => FromBinary(vectors);

    public static implicit operator VectorData(ReadOnlySpan<byte> vectors) => FromBinary(vectors);

    public static implicit operator VectorData(SparseRows vectors) => FromSparse(vectors);
}
