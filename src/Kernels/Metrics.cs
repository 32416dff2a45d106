namespace OrleansVector.Kernels;

/// <summary>Milvus names and properties of <see cref="MetricType"/>.</summary>
public static class Metrics
{
    private const string ValidNames = "L2, IP, COSINE, HAMMING, JACCARD";

    /// <summary>Parses a Milvus metric name ("L2", "IP", "COSINE", "HAMMING", "JACCARD"), ignoring case.</summary>
    public static MetricType Parse(string milvusName)
    {
        ArgumentNullException.ThrowIfNull(milvusName);
        return milvusName.ToUpperInvariant() switch
        {
            "L2" => MetricType.L2,
            "IP" => MetricType.IP,
            "COSINE" => MetricType.Cosine,
            "HAMMING" => MetricType.Hamming,
            "JACCARD" => MetricType.Jaccard,
            _ => throw new ArgumentException($"Unknown metric type '{milvusName}'; valid values are {ValidNames}.", nameof(milvusName)),
        };
    }

    public static string MilvusName(MetricType metric) => metric switch
    {
        MetricType.L2 => "L2",
        MetricType.IP => "IP",
        MetricType.Cosine => "COSINE",
        MetricType.Hamming => "HAMMING",
        MetricType.Jaccard => "JACCARD",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, $"Valid values are {ValidNames}."),
    };

    public static bool IsBinary(MetricType metric) => metric is MetricType.Hamming or MetricType.Jaccard;

    /// <summary>IP and COSINE are similarities in Milvus results: a larger value is closer.</summary>
    public static bool LargerIsCloser(MetricType metric) => metric is MetricType.IP or MetricType.Cosine;
}
