namespace OrleansVector.Kernels;

public readonly struct JaccardDistance : IBinaryDistance
{
    public static MetricType Metric => MetricType.Jaccard;

    public static float Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => VectorMath.Jaccard(a, b);
}
