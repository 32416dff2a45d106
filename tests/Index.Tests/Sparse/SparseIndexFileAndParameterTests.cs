using OrleansVector.Index.Sparse;

namespace OrleansVector.Index.Tests.Sparse;

public sealed class SparseIndexFileAndParameterTests
{
    private static readonly SparseMatrix Data = SparseData.Random(seed: 3, rows: 800, dimensions: 500, maxLength: 25);
    private static readonly SparseMatrix Queries = SparseData.Random(seed: 4, rows: 10, dimensions: 500, maxLength: 20);

    [Theory]
    [InlineData("SPARSE_INVERTED_INDEX", "drop_ratio_build=0.2", "inverted_index_algo=TAAT_NAIVE")]
    [InlineData("SPARSE_WAND", "drop_ratio_build=0", "inverted_index_algo=DAAT_WAND")]
    public void SaveAndLoadRoundTripTheIndex(string indexType, string dropRatio, string algorithm)
    {
        var index = VectorIndexFactory.Create(indexType, "IP", 0, SparseData.Parameters(Pair(dropRatio), Pair(algorithm)));
        index.Build(Data, Enumerable.Range(0, Data.Count).Select(i => (long)i * 2).ToArray());
        var bytes = Save(index);

        var loaded = VectorIndexFactory.Load(new MemoryStream(bytes), "sparse test");

        Assert.Equal((index.IndexType, index.Metric, index.Count), (loaded.IndexType, loaded.Metric, loaded.Count));
        var before = index.Search(Queries, 10);
        var after = loaded.Search(Queries, 10);
        Assert.Equal(before.Ids, after.Ids);
        Assert.Equal(before.Distances, after.Distances);
        Assert.Equal(bytes, Save(loaded));
        loaded.Add(Queries);
        Assert.Equal(Data.Count + Queries.Count, loaded.Count);
    }

    [Fact]
    public void AFlippedByteOrATruncatedFileIsRejected()
    {
        var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        index.Build(Data);
        var bytes = Save(index);

        foreach (var position in new[] { 8, 30, bytes.Length / 2, bytes.Length - 5 })
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[position] ^= 0x10;
            Assert.Throws<InvalidDataException>(() => VectorIndexFactory.Load(new MemoryStream(corrupt), "corrupt"));
        }

        Assert.Throws<InvalidDataException>(() => VectorIndexFactory.Load(new MemoryStream(bytes[..(bytes.Length - 20)]), "truncated"));
    }

    [Theory]
    [InlineData("drop_ratio_build", "1", "[0, 1)")]
    [InlineData("drop_ratio_build", "-0.1", "[0, 1)")]
    [InlineData("drop_ratio_build", "half", "[0, 1)")]
    [InlineData("inverted_index_algo", "DAAT_FAST", "DAAT_MAXSCORE, DAAT_WAND, TAAT_NAIVE")]
    [InlineData("bm25_k1", "1.2", "drop_ratio_build, inverted_index_algo")]
    public void BadBuildParametersAreRejectedByName(string name, string value, string valid)
    {
        var error = Assert.Throws<IndexParameterException>(() =>
            VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0, new Dictionary<string, string> { [name] = value }));

        Assert.Equal(name, error.Parameter);
        Assert.Equal(valid, error.ValidRange);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("L2")]
    [InlineData("COSINE")]
    [InlineData("BM25")]
    public void OnlyInnerProductIsAccepted(string metric)
    {
        var error = Assert.Throws<IndexParameterException>(() => VectorIndexFactory.Create("SPARSE_WAND", metric, 0));

        Assert.Equal("metric_type", error.Parameter);
        Assert.Equal("IP", error.ValidRange);
        Assert.Contains(metric, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-0.5")]
    public void DropRatioSearchOutsideItsRangeIsRejected(string value)
    {
        var error = Assert.Throws<IndexParameterException>(() =>
            SearchParameters.FromMilvus(new Dictionary<string, string> { ["drop_ratio_search"] = value }));

        Assert.Equal("drop_ratio_search", error.Parameter);
        Assert.Equal(0.3f, SearchParameters.FromMilvus(new Dictionary<string, string> { ["drop_ratio_search"] = "0.3" }).DropRatioSearch);
    }

    [Theory]
    [InlineData(new uint[] { 5, 3 }, new float[] { 1, 1 }, "increase strictly")]
    [InlineData(new uint[] { 4294967295 }, new float[] { 1 }, "2^32-1")]
    [InlineData(new uint[] { 1, 2 }, new float[] { 1, float.NaN }, "NaN")]
    public void InvalidSparseRowsAreRejectedWithTheProblem(uint[] indices, float[] values, string problem)
    {
        var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        var rows = new SparseMatrix([0, indices.Length], indices, values);

        var build = Assert.Throws<ArgumentException>(() => index.Add(rows));
        var search = Assert.Throws<ArgumentException>(() => index.Search(rows, 1));

        Assert.Contains(problem, build.Message, StringComparison.Ordinal);
        Assert.Contains("row 0", search.Message, StringComparison.Ordinal);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void DenseAndSparseDataDoNotMix()
    {
        var sparse = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        var flat = VectorIndexFactory.Create("FLAT", "IP", 4);

        Assert.Contains("sparse vectors", Assert.Throws<ArgumentException>(() => sparse.Add(new float[8])).Message, StringComparison.Ordinal);
        Assert.Contains("sparse vectors", Assert.Throws<ArgumentException>(() => flat.Add(Queries)).Message, StringComparison.Ordinal);
        Assert.Throws<IndexParameterException>(() => sparse.Search(Queries, 0));
    }

    private static (string, string) Pair(string text) => (text.Split('=')[0], text.Split('=')[1]);

    private static byte[] Save(IVectorIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }
}
