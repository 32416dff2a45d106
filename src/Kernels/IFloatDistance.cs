namespace OrleansVector.Kernels;

/// <summary>
/// A float metric as a struct type argument, so inner loops specialise instead of calling virtually.
/// <see cref="Distance"/> is always "smaller is closer"; <see cref="ToMilvus"/> turns it into what Milvus returns.
/// </summary>
public interface IFloatDistance
{
    static abstract MetricType Metric { get; }

    static abstract float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b);

    static abstract float ToMilvus(float distance);

    static abstract float FromMilvus(float milvusDistance);
}
