using OrleansVector.Index.Tests.Support;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Tests;

public sealed class BinaryIndexTests
{
    [Theory]
    [InlineData("HAMMING")]
    [InlineData("JACCARD")]
    public void BinFlatIsExact(string metricName)
    {
        var (data, queries) = TestSets.Binary;
        var metric = Metrics.Parse(metricName);
        var index = VectorIndexFactory.Create("BIN_FLAT", metricName, TestSets.BinaryDim);
        index.Build(data);

        var result = index.Search(queries, 10);

        const int stride = TestSets.BinaryDim / 8;
        for (var q = 0; q < queries.Length / stride; q++)
        {
            var truth = ExactReference.Ranked(metric, data, stride, queries.AsSpan(q * stride, stride));
            Assert.Equal(truth.Take(10).Select(t => (float)t.Distance), result.DistancesOf(q).ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        }
    }

    [Theory]
    [InlineData("HAMMING")]
    [InlineData("JACCARD")]
    public void BinIvfFlatRecall(string metricName)
    {
        var (data, queries) = TestSets.Binary;
        var metric = Metrics.Parse(metricName);
        var index = VectorIndexFactory.Create("BIN_IVF_FLAT", metricName, TestSets.BinaryDim, TestSets.Parameters("nlist=32"));
        index.Build(data);

        var result = index.Search(queries, 10, new SearchParameters { Nprobe = 8 });

        // Ties are common in Hamming distance, so compare distances: the k-th found must equal the true k-th.
        const int stride = TestSets.BinaryDim / 8;
        var matched = 0.0;
        for (var q = 0; q < queries.Length / stride; q++)
        {
            var truth = ExactReference.Ranked(metric, data, stride, queries.AsSpan(q * stride, stride)).Take(10).Select(t => (float)t.Distance).ToArray();
            var found = result.DistancesOf(q).ToArray();
            matched += Enumerable.Range(0, 10).Count(i => Math.Abs(found[i] - truth[i]) < 1e-6) / 10.0;
        }

        var share = matched / (queries.Length / stride);
        Assert.True(share >= 0.9, $"share of exact top-10 distances = {share}");
    }

    [Fact]
    public void BinaryIndexesRejectFloatVectors()
    {
        var index = VectorIndexFactory.Create("BIN_FLAT", "HAMMING", 16);

        Assert.Throws<ArgumentException>(() => index.Build(new float[16]));
        Assert.Contains("Dimension mismatch", Assert.Throws<ArgumentException>(() => index.Build(new byte[3])).Message, StringComparison.Ordinal);
    }
}
