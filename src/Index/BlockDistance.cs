using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>One query against a block of rows, specialised per element type and metric (struct generics, no virtual calls).</summary>
internal interface IBlockDistance<T>
    where T : unmanaged
{
    static abstract void OneToMany(ReadOnlySpan<T> query, ReadOnlySpan<T> block, int stride, Span<float> distances);
}

internal readonly struct FloatBlock<TDistance> : IBlockDistance<float>
    where TDistance : struct, IFloatDistance
{
    public static void OneToMany(ReadOnlySpan<float> query, ReadOnlySpan<float> block, int stride, Span<float> distances) =>
        BatchDistance.OneToMany<TDistance>(query, block, stride, distances);
}

internal readonly struct BinaryBlock<TDistance> : IBlockDistance<byte>
    where TDistance : struct, IBinaryDistance
{
    public static void OneToMany(ReadOnlySpan<byte> query, ReadOnlySpan<byte> block, int stride, Span<float> distances) =>
        BatchDistance.OneToMany<TDistance>(query, block, stride, distances);
}
