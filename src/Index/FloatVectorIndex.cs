using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>
/// Base of the float32 indexes: COSINE vectors and queries are normalized so that COSINE becomes an inner product, and
/// each query dispatches once to code specialised for its metric's distance struct.
/// </summary>
internal abstract class FloatVectorIndex : VectorIndex<float>
{
    protected FloatVectorIndex(string indexType, MetricType metric, int dimension)
        : base(indexType, metric, dimension, dimension)
    {
    }

    protected override ReadOnlySpan<float> PrepareVectors(ReadOnlySpan<float> vectors, out float[]? rented)
    {
        if (Metric != MetricType.Cosine)
        {
            return base.PrepareVectors(vectors, out rented);
        }

        rented = System.Buffers.ArrayPool<float>.Shared.Rent(Math.Max(vectors.Length, 1));
        vectors.CopyTo(rented);
        NormalizeRows(rented.AsSpan(0, vectors.Length));
        return rented.AsSpan(0, vectors.Length);
    }

    protected override float[] PrepareQueries(ReadOnlySpan<float> queries)
    {
        var copy = base.PrepareQueries(queries);
        if (Metric == MetricType.Cosine)
        {
            NormalizeRows(copy.AsSpan(0, queries.Length));
        }

        return copy;
    }

    protected override int SearchOne(ReadOnlySpan<float> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances) =>
        Metric switch
        {
            MetricType.L2 => SearchOne<L2Distance>(query, k, parameters, excluded, ids, distances),
            MetricType.IP => SearchOne<IPDistance>(query, k, parameters, excluded, ids, distances),
            _ => SearchOne<CosineDistance>(query, k, parameters, excluded, ids, distances),
        };

    protected override void RangeSearchOne(ReadOnlySpan<float> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found)
    {
        switch (Metric)
        {
            case MetricType.L2:
                RangeSearchOne<L2Distance>(query, bounds, parameters, excluded, found);
                break;
            case MetricType.IP:
                RangeSearchOne<IPDistance>(query, bounds, parameters, excluded, found);
                break;
            default:
                RangeSearchOne<CosineDistance>(query, bounds, parameters, excluded, found);
                break;
        }
    }

    protected abstract int SearchOne<TDistance>(ReadOnlySpan<float> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances)
        where TDistance : struct, IFloatDistance;

    protected abstract void RangeSearchOne<TDistance>(ReadOnlySpan<float> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found)
        where TDistance : struct, IFloatDistance;

    private void NormalizeRows(Span<float> rows)
    {
        for (var offset = 0; offset < rows.Length; offset += Dimension)
        {
            VectorMath.Normalize(rows.Slice(offset, Dimension));
        }
    }
}
