namespace OrleansVector.Kernels;

public readonly struct HammingDistance : IBinaryDistance
{
    public static MetricType Metric => MetricType.Hamming;

    public static float Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => VectorMath.Hamming(a, b);
}
