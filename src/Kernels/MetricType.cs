namespace OrleansVector.Kernels;

/// <summary>The distance metrics Milvus offers: three for float vectors, two for binary vectors.</summary>
public enum MetricType
{
    L2,
    IP,
    Cosine,
    Hamming,
    Jaccard,
}
