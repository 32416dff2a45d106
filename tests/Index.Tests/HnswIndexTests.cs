using OrleansVector.Index.Tests.Support;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Tests;

public sealed class HnswIndexTests
{
    private static readonly Dictionary<string, string> Build16 = TestSets.Parameters("M=16", "efConstruction=200");

    /// <summary>Builds on one thread: the same graph on every run, so these recall figures are reproducible.</summary>
    private static readonly IndexBuildOptions Deterministic = new() { MaxDegreeOfParallelism = 1 };

    /// <summary>
    /// ef = 64 as the issue asks, except on SIFT-5k with the siftsmall queries: those queries lie far from a base that
    /// small, and hnswlib 0.6.2 itself reaches only 0.891 there at ef = 64 and 0.985 at ef = 256, so that set uses 256.
    /// </summary>
    [Theory]
    [InlineData("sift", "L2", 256)]
    [InlineData("fmnist", "L2", 64)]
    [InlineData("clustered", "L2", 64)]
    [InlineData("clustered", "IP", 64)]
    [InlineData("clustered", "COSINE", 64)]
    public void RecallAt10IsAtLeast098(string set, string metricName, int ef)
    {
        var (data, queries) = TestSets.ByName(set);
        var metric = Metrics.Parse(metricName);
        var index = VectorIndexFactory.Create("HNSW", metricName, data.Dim, Build16, Deterministic);
        index.Build(data.Data);

        var result = index.Search(queries.Data, 10, SearchParameters.FromMilvus(TestSets.Parameters($"ef={ef}")));

        var recall = ExactReference.Recall(result, ExactReference.TopK(metric, data.Data, queries.Data, data.Dim, 10));
        Assert.True(recall >= 0.98, $"recall@10 = {recall}");
        AssertDistancesAreTrue(metric, data.Data, data.Dim, queries, result);
    }

    [Fact]
    public void OneBuildThreadBuildsTheSameGraphEveryTime()
    {
        var (data, _) = TestSets.Clustered;
        var files = Enumerable.Range(0, 2).Select(_ =>
        {
            var index = VectorIndexFactory.Create("HNSW", "L2", data.Dim, Build16, Deterministic);
            index.Build(data.Data);
            using var file = new MemoryStream();
            index.Save(file);
            return file.ToArray();
        }).ToArray();

        Assert.Equal(files[0], files[1]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void BuildThreadsMustBeAllCoresOrPositive(int threads)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new IndexBuildOptions { MaxDegreeOfParallelism = threads });
        Assert.Equal("MaxDegreeOfParallelism", e.ParamName);
    }

    [Fact]
    public async Task IncrementalAddsConcurrentWithSearchesKeepRecall()
    {
        var (data, queries) = TestSets.Clustered;
        var index = VectorIndexFactory.Create("HNSW", "L2", data.Dim, Build16);
        const int batch = 500;
        using var stop = new CancellationTokenSource();
        var searcher = Task.Run(() =>
        {
            var searches = 0;
            while (!stop.IsCancellationRequested || searches == 0)
            {
                var result = index.Search(queries.Row(searches % queries.Count), 10);
                Assert.All(result.IdsOf(0).ToArray(), id => Assert.InRange(id, -1, data.Count - 1));
                searches++;
            }

            return searches;
        });

        for (var start = 0; start < data.Count; start += batch)
        {
            index.Add(data.Rows(start, batch));
        }

        stop.Cancel();
        Assert.True(await searcher > 0);
        Assert.Equal(data.Count, index.Count);
        var recall = ExactReference.Recall(
            index.Search(queries.Data, 10, new SearchParameters { Ef = 64 }),
            ExactReference.TopK(MetricType.L2, data.Data, queries.Data, data.Dim, 10));
        Assert.True(recall >= 0.98, $"recall@10 = {recall}");
    }

    [Fact]
    public void ParallelQueriesGiveTheSameResultsAsSequentialOnes()
    {
        var (data, queries) = TestSets.Sift;
        var index = VectorIndexFactory.Create("HNSW", "L2", data.Dim, Build16);
        index.Build(data.Data);

        var sequential = index.Search(queries.Data, 10, new SearchParameters { Ef = 32 });
        var parallel = index.Search(queries.Data, 10, new SearchParameters { Ef = 32, MaxDegreeOfParallelism = -1 });
        var concurrent = Enumerable.Range(0, queries.Count).AsParallel().Select(q => index.Search(queries.Row(q), 10, new SearchParameters { Ef = 32 })).ToArray();

        Assert.Equal(sequential.Ids, parallel.Ids);
        for (var q = 0; q < queries.Count; q++)
        {
            Assert.Equal(sequential.IdsOf(q).ToArray(), concurrent[q].IdsOf(0).ToArray());
        }
    }

    [Fact]
    public void EfBelowKIsRaisedToK()
    {
        var (data, queries) = TestSets.Clustered;
        var index = VectorIndexFactory.Create("HNSW", "L2", data.Dim, Build16);
        index.Build(data.Data);

        var result = index.Search(queries.Data, 50, new SearchParameters { Ef = 1 });

        for (var q = 0; q < queries.Count; q++)
        {
            Assert.Equal(50, result.CountOf(q));
        }

        var recall = ExactReference.Recall(result, ExactReference.TopK(MetricType.L2, data.Data, queries.Data, data.Dim, 50));
        Assert.True(recall >= 0.97, $"recall@50 with ef raised to 50 = {recall}");
    }

    private static void AssertDistancesAreTrue(MetricType metric, float[] data, int dim, OrleansVector.Index.Datasets.VectorArray<float> queries, SearchResult result)
    {
        for (var q = 0; q < queries.Count; q++)
        {
            var ids = result.IdsOf(q);
            var distances = result.DistancesOf(q);
            for (var i = 0; i < ids.Length; i++)
            {
                var expected = ExactReference.Distance(metric, data.AsSpan((int)ids[i] * dim, dim), queries.Row(q));
                Assert.Equal(expected, distances[i], (Math.Abs(expected) * 1e-4) + 1e-4);
                if (i > 0)
                {
                    Assert.True(Metrics.LargerIsCloser(metric) ? distances[i] <= distances[i - 1] : distances[i] >= distances[i - 1]);
                }
            }
        }
    }
}
