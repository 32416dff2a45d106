namespace OrleansVector.Kernels;

/// <summary>Squared Euclidean distance; Milvus returns it as is.</summary>
public readonly struct L2Distance : IFloatDistance
{
    public static MetricType Metric => MetricType.L2;

    public static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => VectorMath.L2Squared(a, b);

    public static float ToMilvus(float distance) => distance;

    public static float FromMilvus(float milvusDistance) => milvusDistance;
}
