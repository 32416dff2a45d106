namespace OrleansVector.Kernels.Tests;

public sealed class MetricsTests
{
    [Theory]
    [InlineData("L2", MetricType.L2)]
    [InlineData("ip", MetricType.IP)]
    [InlineData("Cosine", MetricType.Cosine)]
    [InlineData("HAMMING", MetricType.Hamming)]
    [InlineData("jaccard", MetricType.Jaccard)]
    public void Parse_reads_Milvus_names_ignoring_case_and_MilvusName_writes_them_back(string name, MetricType metric)
    {
        Assert.Equal(metric, Metrics.Parse(name));
        Assert.Equal(name.ToUpperInvariant(), Metrics.MilvusName(metric));
    }

    [Fact]
    public void Unknown_name_lists_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.Parse("EUCLID"));
        Assert.Equal("milvusName", e.ParamName);
        Assert.Contains("COSINE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_follow_Milvus()
    {
        Assert.True(Metrics.IsBinary(MetricType.Jaccard));
        Assert.False(Metrics.IsBinary(MetricType.Cosine));
        Assert.True(Metrics.LargerIsCloser(MetricType.IP));
        Assert.False(Metrics.LargerIsCloser(MetricType.L2));
        Assert.False(Metrics.LargerIsCloser(MetricType.Hamming));
    }
}
