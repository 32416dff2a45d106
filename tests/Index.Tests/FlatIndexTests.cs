using OrleansVector.Index.Datasets;
using OrleansVector.Index.Tests.Support;
using OrleansVector.Kernels;
using OrleansVector.TestSupport;

namespace OrleansVector.Index.Tests;

public sealed class FlatIndexTests
{
    /// <summary>A call with many queries (scanned block by block) answers exactly as one call per query.</summary>
    [Theory]
    [InlineData("L2")]
    [InlineData("IP")]
    [InlineData("COSINE")]
    public void ManyQueriesInOneCallEqualOneCallPerQuery(string metricName)
    {
        var (data, queries) = TestSets.Clustered;
        var index = VectorIndexFactory.Create("FLAT", metricName, data.Dim);
        index.Build(data.Data);
        var excluded = new Bitset(data.Count);
        for (var row = 0; row < data.Count; row += 3)
        {
            excluded[row] = true;
        }

        var nq = Math.Min(queries.Count, 19);
        foreach (var filter in new[] { null, excluded })
        {
            var batched = index.Search(queries.Rows(0, nq), 10, excluded: filter);
            for (var q = 0; q < nq; q++)
            {
                var single = index.Search(queries.Row(q), 10, excluded: filter);
                Assert.Equal(single.IdsOf(0).ToArray(), batched.IdsOf(q).ToArray());
                Assert.Equal(single.DistancesOf(0).ToArray(), batched.DistancesOf(q).ToArray());
            }
        }
    }

    [Theory]
    [InlineData("sift", "L2")]
    [InlineData("sift", "IP")]
    [InlineData("sift", "COSINE")]
    [InlineData("fmnist", "L2")]
    [InlineData("clustered", "L2")]
    [InlineData("clustered", "IP")]
    [InlineData("clustered", "COSINE")]
    public void FindsExactlyTheBruteForceNeighbours(string set, string metricName)
    {
        var (data, queries) = TestSets.ByName(set);
        var metric = Metrics.Parse(metricName);
        var index = VectorIndexFactory.Create("FLAT", metricName, data.Dim);
        index.Build(data.Data);

        var result = index.Search(queries.Data, 10);

        for (var q = 0; q < queries.Count; q++)
        {
            var truth = ExactReference.Ranked(metric, data.Data, data.Dim, queries.Row(q));
            var ids = result.IdsOf(q);
            var distances = result.DistancesOf(q);
            for (var i = 0; i < 10; i++)
            {
                // Ties in the reference may be ordered differently only if distances are equal.
                var expectedDistance = truth[i].Distance;
                Assert.Equal(expectedDistance, distances[i], Math.Abs(expectedDistance) * 1e-5);
                Assert.Equal(expectedDistance, ExactReference.Distance(metric, data.Row((int)ids[i]), queries.Row(q)), Math.Abs(expectedDistance) * 1e-5);
            }

            Assert.Equal(truth.Take(10).Select(t => t.Id).Order(), ids.ToArray().Order());
        }
    }

    [Fact]
    public void L2DistancesOnIntegerSiftEqualTheExactSquaredDistances()
    {
        // SIFT components are integers, so every partial sum is exact in float32: distances must match bit for bit.
        var (data, queries) = TestSets.Sift;
        var index = VectorIndexFactory.Create("FLAT", "L2", data.Dim);
        index.Build(data.Data);

        var result = index.Search(queries.Data, 10);

        for (var q = 0; q < queries.Count; q++)
        {
            var truth = ExactReference.Ranked(MetricType.L2, data.Data, data.Dim, queries.Row(q));
            Assert.Equal(truth.Take(10).Select(t => (float)t.Distance), result.DistancesOf(q).ToArray());
        }
    }

    [Fact]
    public void MatchesThePublishedSiftGroundTruth()
    {
        var (data, queries) = TestSets.Sift;
        var truth = VecsFile.ReadIvecs(Path.Combine(RepositoryPaths.SharedData, "ngt_sift5k", "ngt_sift5k_gt_for_siftsmall_query_top100.ivecs"));
        var index = VectorIndexFactory.Create("FLAT", "L2", data.Dim);
        index.Build(data.Data);

        var result = index.Search(queries.Data, 10);

        var expected = Enumerable.Range(0, queries.Count).Select(q => truth.Row(q)[..10].ToArray().Select(i => (long)i).ToArray()).ToArray();
        Assert.Equal(1.0, ExactReference.Recall(result, expected));
    }

    [Fact]
    public void AddedVectorsAreSearchableWithTheirIds()
    {
        var (data, queries) = TestSets.Clustered;
        var index = VectorIndexFactory.Create("FLAT", "L2", data.Dim);
        var half = data.Count / 2;
        index.Build(data.Rows(0, half));
        index.Add(data.Rows(half, data.Count - half));

        var result = index.Search(queries.Data, 10, new SearchParameters { MaxDegreeOfParallelism = 2 });

        Assert.Equal(data.Count, index.Count);
        Assert.Equal(1.0, ExactReference.Recall(result, ExactReference.TopK(MetricType.L2, data.Data, queries.Data, data.Dim, 10)));
    }

    [Fact]
    public void FewerRowsThanKPadsWithMinusOne()
    {
        var index = VectorIndexFactory.Create("FLAT", "IP", 2);
        index.Build(new float[] { 1, 0, 0, 1 }, new long[] { 7, 9 });

        var result = index.Search(new float[] { 1, 0 }, 3);

        Assert.Equal([7L, 9L, -1L], result.IdsOf(0).ToArray());
        Assert.Equal([1f, 0f, float.NegativeInfinity], result.DistancesOf(0).ToArray());
        Assert.Equal(2, result.CountOf(0));
    }
}
