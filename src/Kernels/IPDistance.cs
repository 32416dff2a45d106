namespace OrleansVector.Kernels;

/// <summary>Inner product as a distance: -dot, so that smaller is closer; Milvus returns the dot product.</summary>
public readonly struct IPDistance : IFloatDistance
{
    public static MetricType Metric => MetricType.IP;

    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => -VectorMath.Dot(a, b);

    public static float ToMilvus(float distance) => -distance;

    public static float FromMilvus(float milvusDistance) => -milvusDistance;
}
