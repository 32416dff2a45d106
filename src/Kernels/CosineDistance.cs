namespace OrleansVector.Kernels;

/// <summary>
/// Cosine as a distance over vectors the caller has normalized (indexes normalize at insert and normalize the
/// query): then it is exactly the inner product, so it shares <see cref="IPDistance"/>; Milvus returns the similarity.
/// </summary>
public readonly struct CosineDistance : IFloatDistance
{
    public static MetricType Metric => MetricType.Cosine;

    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => IPDistance.Distance(a, b);

    public static float ToMilvus(float distance) => IPDistance.ToMilvus(distance);

    public static float FromMilvus(float milvusDistance) => IPDistance.FromMilvus(milvusDistance);
}
