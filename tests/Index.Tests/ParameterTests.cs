namespace OrleansVector.Index.Tests;

public sealed class ParameterTests
{
    [Theory]
    [InlineData("HNSW", "M", "1", "[2, 2048]")]
    [InlineData("HNSW", "M", "2049", "[2, 2048]")]
    [InlineData("HNSW", "efConstruction", "0", "[1, 2147483647]")]
    [InlineData("HNSW", "M", "sixteen", "[2, 2048]")]
    public void OutOfRangeBuildParametersNameTheParameterAndRange(string type, string name, string value, string range)
    {
        var error = Assert.Throws<IndexParameterException>(() =>
            VectorIndexFactory.Create(type, "L2", 8, new Dictionary<string, string> { [name] = value }));

        Assert.Equal(name, error.Parameter);
        Assert.Equal(range, error.ValidRange);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(range, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBuildParameterIsRejectedWithTheValidNames()
    {
        var error = Assert.Throws<IndexParameterException>(() =>
            VectorIndexFactory.Create("HNSW", "L2", 8, new Dictionary<string, string> { ["efconstruction"] = "100" }));

        Assert.Equal("efconstruction", error.Parameter);
        Assert.Contains("efConstruction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FramingKeysAreAcceptedBesideBuildParameters()
    {
        var index = VectorIndexFactory.Create("HNSW", "COSINE", 8, new Dictionary<string, string>
        {
            ["index_type"] = "HNSW", ["metric_type"] = "COSINE", ["M"] = "8", ["efConstruction"] = "40",
        });

        Assert.Equal("HNSW", index.IndexType);
        Assert.Equal(Kernels.MetricType.Cosine, index.Metric);
    }

    [Theory]
    [InlineData("DISKANN", "L2", 8, "index_type")]
    [InlineData("FLAT", "HAMMING", 8, "metric_type")]
    [InlineData("BIN_FLAT", "L2", 8, "metric_type")]
    [InlineData("FLAT", "MANHATTAN", 8, "metric_type")]
    [InlineData("FLAT", "L2", 0, "dim")]
    [InlineData("FLAT", "L2", 40000, "dim")]
    [InlineData("BIN_FLAT", "HAMMING", 12, "dim")]
    public void InvalidIndexDescriptionsAreRejected(string type, string metric, int dim, string parameter)
    {
        var error = Assert.Throws<IndexParameterException>(() => VectorIndexFactory.Create(type, metric, dim));

        Assert.Equal(parameter, error.Parameter);
    }

    [Fact]
    public void SearchParametersParseMilvusKeysAndRejectUnknownOnes()
    {
        var parsed = SearchParameters.FromMilvus(new Dictionary<string, string>
        {
            ["ef"] = "64", ["nprobe"] = "16", ["radius"] = "1.5", ["range_filter"] = "0.5", ["metric_type"] = "L2", ["search_list"] = "100",
        });

        Assert.Equal((64, 16, 1.5f, 0.5f), (parsed.Ef, parsed.Nprobe, parsed.Radius, parsed.RangeFilter));
        Assert.True(parsed.IsRangeSearch);
        Assert.Equal("efSearch", Assert.Throws<IndexParameterException>(() =>
            SearchParameters.FromMilvus(new Dictionary<string, string> { ["efSearch"] = "64" })).Parameter);
        Assert.Equal("nprobe", Assert.Throws<IndexParameterException>(() =>
            SearchParameters.FromMilvus(new Dictionary<string, string> { ["nprobe"] = "0" })).Parameter);
        Assert.Equal("radius", Assert.Throws<IndexParameterException>(() =>
            SearchParameters.FromMilvus(new Dictionary<string, string> { ["radius"] = "far" })).Parameter);
    }

    [Fact]
    public void DimensionMismatchesAreRejected()
    {
        var index = VectorIndexFactory.Create("FLAT", "L2", 4);

        Assert.Contains("Dimension mismatch", Assert.Throws<ArgumentException>(() => index.Build(new float[10])).Message, StringComparison.Ordinal);
        index.Build(new float[8]);
        Assert.Contains("Dimension mismatch", Assert.Throws<ArgumentException>(() => index.Search(new float[3], 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => index.Search(new byte[4], 1));
        Assert.Throws<ArgumentException>(() => index.Add(new float[4], new long[] { 1, 2 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16385)]
    public void TopKOutsideMilvusRangeIsRejected(int k)
    {
        var index = VectorIndexFactory.Create("FLAT", "L2", 2);
        index.Build(new float[] { 1, 2 });

        Assert.Equal("topk", Assert.Throws<IndexParameterException>(() => index.Search(new float[] { 1, 2 }, k)).Parameter);
    }

    [Fact]
    public void BuildingTwiceIsRejected()
    {
        var index = VectorIndexFactory.Create("FLAT", "L2", 2);
        index.Build(new float[] { 1, 2 });

        Assert.Throws<InvalidOperationException>(() => index.Build(new float[] { 1, 2 }));
    }
}
