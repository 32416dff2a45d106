using OrleansVector.Index.Tests.Support;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Tests;

public sealed class FilteredSearchTests
{
    /// <summary>
    /// Half excluded: IVF keeps its usual recall over the allowed rows (nprobe 16 of 100 lists on SIFT-5k). 99% excluded:
    /// every type must keep recall@10 >= 0.95 (IVF_PQ: its code's own limit), which needs the exact scan of allowed rows.
    /// </summary>
    [Theory]
    [InlineData("FLAT", 0.5, 0.99)]
    [InlineData("HNSW", 0.5, 0.99)]
    [InlineData("IVF_FLAT", 0.5, 0.5)]
    [InlineData("IVF_SQ8", 0.5, 0.5)]
    [InlineData("IVF_PQ", 0.5, 0.05)]
    [InlineData("FLAT", 0.99, 0.95)]
    [InlineData("HNSW", 0.99, 0.95)]
    [InlineData("IVF_FLAT", 0.99, 0.95)]
    [InlineData("IVF_SQ8", 0.99, 0.95)]
    [InlineData("IVF_PQ", 0.99, 0.6)]
    public void ExcludedRowsAreNeverReturnedAndRecallHolds(string indexType, double excludedFraction, double minimumRecall)
    {
        var (data, queries) = TestSets.Sift;
        var excluded = RandomExclusion(data.Count, excludedFraction, seed: 3);
        var index = IndexCases.BuildOnTestData(indexType, "L2");

        var result = index.Search(queries.Data, 10, IndexCases.SearchParameters, excluded);

        AssertNoneExcluded(result, excluded);
        var recall = ExactReference.Recall(result, ExactReference.TopK(MetricType.L2, data.Data, queries.Data, data.Dim, 10, excluded));
        Assert.True(recall >= minimumRecall, $"{indexType} recall@10 with {excludedFraction:P0} excluded = {recall}");
    }

    [Fact]
    public void HnswGraphWalkWithAFilterKeepsRecall()
    {
        // 80% excluded on 10k rows is above the scan threshold, so this runs the filtered graph walk itself.
        var (data, queries) = TestSets.Clustered;
        var excluded = RandomExclusion(data.Count, 0.8, seed: 5);
        var index = VectorIndexFactory.Create("HNSW", "L2", data.Dim, TestSets.Parameters("M=16", "efConstruction=200"));
        index.Build(data.Data);

        var result = index.Search(queries.Data, 10, new SearchParameters { Ef = 64 }, excluded);

        AssertNoneExcluded(result, excluded);
        var recall = ExactReference.Recall(result, ExactReference.TopK(MetricType.L2, data.Data, queries.Data, data.Dim, 10, excluded));
        Assert.True(recall >= 0.95, $"recall@10 at 80% excluded = {recall}");
    }

    [Theory]
    [InlineData("BIN_FLAT")]
    [InlineData("BIN_IVF_FLAT")]
    public void BinaryIndexesHonourTheFilter(string indexType)
    {
        var (data, _) = TestSets.Binary;
        var excluded = RandomExclusion(data.Length / (TestSets.BinaryDim / 8), 0.9, seed: 6);
        var index = IndexCases.BuildOnTestData(indexType, "HAMMING");

        var result = IndexCases.SearchTestQueries(index, 10, excluded);

        AssertNoneExcluded(result, excluded);
        Assert.All(Enumerable.Range(0, result.QueryCount), q => Assert.Equal(10, result.CountOf(q)));
    }

    [Fact]
    public void RowsPastTheEndOfTheFilterAreExcluded()
    {
        var index = VectorIndexFactory.Create("FLAT", "L2", 1);
        index.Build(new float[] { 0, 1, 2, 3 });

        var result = index.Search(new float[] { 3 }, 4, excluded: new Bitset(2));

        Assert.Equal([1L, 0L, -1L, -1L], result.IdsOf(0).ToArray());
    }

    internal static Bitset RandomExclusion(int rows, double fraction, int seed)
    {
        var random = new Random(seed);
        var excluded = new Bitset(rows);
        for (var i = 0; i < rows; i++)
        {
            excluded[i] = random.NextDouble() < fraction;
        }

        return excluded;
    }

    private static void AssertNoneExcluded(SearchResult result, Bitset excluded)
    {
        foreach (var id in result.Ids)
        {
            Assert.True(id == -1 || !excluded[id], $"excluded row {id} was returned");
        }
    }
}
