using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>Base of the binary indexes (packed bits, Dimension / 8 bytes per vector): dispatches to HAMMING or JACCARD code.</summary>
internal abstract class BinaryVectorIndex : VectorIndex<byte>
{
    protected BinaryVectorIndex(string indexType, MetricType metric, int dimension)
        : base(indexType, metric, dimension, dimension / 8)
    {
    }

    protected override int SearchOne(ReadOnlySpan<byte> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances) =>
        Metric == MetricType.Hamming
            ? SearchOne<HammingDistance>(query, k, parameters, excluded, ids, distances)
            : SearchOne<JaccardDistance>(query, k, parameters, excluded, ids, distances);

    protected override void RangeSearchOne(ReadOnlySpan<byte> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found)
    {
        if (Metric == MetricType.Hamming)
        {
            RangeSearchOne<HammingDistance>(query, bounds, parameters, excluded, found);
        }
        else
        {
            RangeSearchOne<JaccardDistance>(query, bounds, parameters, excluded, found);
        }
    }

    protected abstract int SearchOne<TDistance>(ReadOnlySpan<byte> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances)
        where TDistance : struct, IBinaryDistance;

    protected abstract void RangeSearchOne<TDistance>(ReadOnlySpan<byte> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found)
        where TDistance : struct, IBinaryDistance;
}
