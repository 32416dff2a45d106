namespace OrleansVector.Kernels;

/// <summary>A binary metric as a struct type argument; smaller is closer and the value is what Milvus returns.</summary>
public interface IBinaryDistance
{
    static abstract MetricType Metric { get; }

    static abstract float Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);
}
