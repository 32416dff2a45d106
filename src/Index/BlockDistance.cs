using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>
/// One query against a block of rows, specialised per element type, code and metric (a struct type argument, so the
/// scan loop inlines it instead of calling virtually). The next block in <see cref="OneToMany"/> is the one
/// the caller scans after this one (empty if none), prefetched while this one is computed.
/// </summary>
internal interface IBlockDistance<TQuery, TRow>
    where TQuery : unmanaged
    where TRow : unmanaged
{
    void OneToMany(ReadOnlySpan<TQuery> query, ReadOnlySpan<TRow> block, int stride, Span<float> distances, ReadOnlySpan<TRow> next);
}

internal readonly struct FloatBlock<TDistance> : IBlockDistance<float, float>
    where TDistance : struct, IFloatDistance
{
    public void OneToMany(ReadOnlySpan<float> query, ReadOnlySpan<float> block, int stride, Span<float> distances, ReadOnlySpan<float> next) =>
        BatchDistance.OneToMany<TDistance>(query, block, stride, distances, next);
}

internal readonly struct BinaryBlock<TDistance> : IBlockDistance<byte, byte>
    where TDistance : struct, IBinaryDistance
{
    public void OneToMany(ReadOnlySpan<byte> query, ReadOnlySpan<byte> block, int stride, Span<float> distances, ReadOnlySpan<byte> next) =>
        BatchDistance.OneToMany<TDistance>(query, block, stride, distances, next);
}
