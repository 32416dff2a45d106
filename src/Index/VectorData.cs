namespace OrleansVector.Index;

/// <summary>
/// A row-major block of vectors handed to an index: float32 for float indexes (Dimension floats per row), packed bits for
/// binary indexes (Dimension / 8 bytes per row, Milvus's BinaryVector layout). Float16/BFloat16 columns are converted to
/// float32 first (Kernels.HalfPrecision). Converts implicitly from arrays and spans.
/// </summary>
public readonly ref struct VectorData
{
    private VectorData(ReadOnlySpan<float> floats, ReadOnlySpan<byte> bytes, bool isBinary)
    {
        Floats = floats;
        Bytes = bytes;
        IsBinary = isBinary;
    }

    public ReadOnlySpan<float> Floats { get; }

    public ReadOnlySpan<byte> Bytes { get; }

    public bool IsBinary { get; }

    public static VectorData FromFloats(ReadOnlySpan<float> vectors) => new(vectors, default, false);

    public static VectorData FromBinary(ReadOnlySpan<byte> vectors) => new(default, vectors, true);

    public static implicit operator VectorData(float[] vectors) => FromFloats(vectors);

    public static implicit operator VectorData(ReadOnlySpan<float> vectors) => FromFloats(vectors);

    public static implicit operator VectorData(byte[] vectors) => FromBinary(vectors);

    public static implicit operator VectorData(ReadOnlySpan<byte> vectors) => FromBinary(vectors);
}
