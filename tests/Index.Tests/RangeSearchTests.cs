using OrleansVector.Index.Tests.Support;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Tests;

public sealed class RangeSearchTests
{
    /// <summary>Each metric with a radius and range_filter taken from the true distance ranks 5 and 40 of the query.</summary>
    [Theory]
    [InlineData("FLAT", "L2")]
    [InlineData("FLAT", "IP")]
    [InlineData("FLAT", "COSINE")]
    [InlineData("IVF_FLAT", "L2")]
    [InlineData("HNSW", "L2")]
    [InlineData("HNSW", "COSINE")]
    public void FloatRangeSearchEqualsBruteForce(string indexType, string metricName)
    {
        var (data, queries) = TestSets.Clustered;
        var metric = Metrics.Parse(metricName);
        var parameters = indexType == "IVF_FLAT" ? TestSets.Parameters("nlist=20") : IndexCases.BuildParameters(indexType);
        var index = VectorIndexFactory.Create(indexType, metricName, data.Dim, parameters);
        index.Build(data.Data);

        int expectedTotal = 0, foundTotal = 0;
        for (var q = 0; q < 10; q++)
        {
            var ranked = ExactReference.Ranked(metric, data.Data, data.Dim, queries.Row(q));
            var (radius, rangeFilter) = Window(metric, ranked[40].Distance, ranked[5].Distance);
            var search = new SearchParameters { Radius = radius, RangeFilter = rangeFilter, Nprobe = 20, Ef = 64 };

            var found = index.RangeSearch(queries.Row(q), search);

            var expected = ranked.Where(r => Inside(metric, r.Distance, radius, rangeFilter)).Select(r => r.Id).Order().ToArray();
            var actual = found.IdsOf(0).ToArray().Order().ToArray();
            if (indexType == "HNSW")
            {
                // Approximate: never a row outside the range; recall is judged over all queries (one miss of ~35 is 0.97).
                Assert.Empty(actual.Except(expected));
                expectedTotal += expected.Length;
                foundTotal += expected.Intersect(actual).Count();
            }
            else
            {
                Assert.Equal(expected, actual);
            }
        }

        Assert.True(foundTotal >= 0.95 * expectedTotal, $"{indexType} found {foundTotal} of {expectedTotal} rows in range");
    }

    [Theory]
    [InlineData("BIN_FLAT", "HAMMING")]
    [InlineData("BIN_FLAT", "JACCARD")]
    public void BinaryRangeSearchEqualsBruteForce(string indexType, string metricName)
    {
        var (data, queries) = TestSets.Binary;
        var metric = Metrics.Parse(metricName);
        var index = VectorIndexFactory.Create(indexType, metricName, TestSets.BinaryDim);
        index.Build(data);
        const int stride = TestSets.BinaryDim / 8;

        for (var q = 0; q < 10; q++)
        {
            var query = queries.AsSpan(q * stride, stride);
            var ranked = ExactReference.Ranked(metric, data, stride, query);
            var (radius, rangeFilter) = Window(metric, ranked[40].Distance, ranked[5].Distance);

            var found = index.RangeSearch(query.ToArray(), new SearchParameters { Radius = radius, RangeFilter = rangeFilter });

            var expected = ranked.Where(r => Inside(metric, r.Distance, radius, rangeFilter)).Select(r => r.Id).Order();
            Assert.Equal(expected, found.IdsOf(0).ToArray().Order());
        }
    }

    [Fact]
    public void ResultsAreBestFirstLimitedAndInMilvusUnits()
    {
        var index = VectorIndexFactory.Create("FLAT", "IP", 1);
        index.Build(new float[] { 1, 2, 3, 4, 5 });

        var all = index.RangeSearch(new float[] { 1 }, new SearchParameters { Radius = 1, RangeFilter = 4 });
        var limited = index.RangeSearch(new float[] { 1 }, new SearchParameters { Radius = 1 }, limit: 2);

        Assert.Equal([3L, 2L, 1L], all.IdsOf(0).ToArray());
        Assert.Equal([4f, 3f, 2f], all.DistancesOf(0).ToArray());
        Assert.Equal([4L, 3L], limited.IdsOf(0).ToArray());
    }

    [Theory]
    [InlineData("L2", 1f, 2f)]
    [InlineData("IP", 2f, 1f)]
    public void RangeFilterOnTheWrongSideOfRadiusIsRejected(string metric, float radius, float rangeFilter)
    {
        var index = VectorIndexFactory.Create("FLAT", metric, 1);
        index.Build(new float[] { 1 });

        var error = Assert.Throws<IndexParameterException>(() =>
            index.RangeSearch(new float[] { 1 }, new SearchParameters { Radius = radius, RangeFilter = rangeFilter }));

        Assert.Equal("range_filter", error.Parameter);
    }

    /// <summary>Milvus: L2/HAMMING/JACCARD keep range_filter &lt;= d &lt; radius; IP/COSINE keep radius &lt; s &lt;= range_filter.</summary>
    private static bool Inside(MetricType metric, double distance, float radius, float rangeFilter)
    {
        var d = (float)distance;
        return Metrics.LargerIsCloser(metric) ? d > radius && d <= rangeFilter : d >= rangeFilter && d < radius;
    }

    /// <summary>A window whose edges fall between true distances, so float rounding cannot move a row across an edge.</summary>
    private static (float Radius, float RangeFilter) Window(MetricType metric, double outer, double inner)
    {
        var shift = Metrics.LargerIsCloser(metric) ? -1e-4 : 1e-4;
        return ((float)(outer + (Math.Abs(outer) * shift) + shift), (float)(inner - (Math.Abs(inner) * shift) - shift));
    }
}
