using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Tests.Datasets;

public sealed class ExactNeighborsTests
{
    [Theory]
    [InlineData("ngt_sift5k", "ngt_sift5k_base.fvecs", "../siftsmall/siftsmall_query.fvecs", "ngt_sift5k_gt_for_siftsmall_query_top100.ivecs")]
    [InlineData("fmnistsmall", "fmnistsmall_base.fvecs", "fmnistsmall_query.fvecs", "fmnistsmall_groundtruth.ivecs")]
    [InlineData("bigann10k", "bigann10k_base.bvecs", "bigann10k_query.bvecs", "bigann10k_groundtruth.ivecs")]
    public void ReproducesThePublishedGroundTruth(string set, string baseFile, string queryFile, string gtFile)
    {
        var data = VecsFile.ReadFloatVectors(SharedDataFiles.Path(set, baseFile));
        var queries = VecsFile.ReadFloatVectors(SharedDataFiles.Path(set, queryFile));
        var truth = VecsFile.ReadIvecs(SharedDataFiles.Path(set, gtFile));

        var computed = ExactNeighbors.Compute(data, queries, 10, MetricType.L2);

        Assert.Equal((queries.Count, 10), (computed.Count, computed.Dim));
        Assert.Equal(1.0, Recall.AtK(computed.Data.Select(id => (long)id).ToArray(), 10, truth, 10));
    }

    [Theory]
    [InlineData(MetricType.L2)]
    [InlineData(MetricType.IP)]
    [InlineData(MetricType.Cosine)]
    public void ListsNeighboursInBruteForceOrder(MetricType metric)
    {
        var generator = new SyntheticData(SyntheticKind.Clustered, dim: 24, seed: 5);
        var data = generator.Generate(3000, SyntheticData.BaseStream);
        var queries = generator.Generate(30, SyntheticData.QueryStream);

        var computed = ExactNeighbors.Compute(data, queries, 5, metric);

        for (var q = 0; q < queries.Count; q++)
        {
            var expected = Enumerable.Range(0, data.Count)
                .OrderBy(i => Score(metric, data.Row(i), queries.Row(q))).ThenBy(i => i).Take(5);
            Assert.Equal(expected, computed.Row(q).ToArray());
        }
    }

    [Fact]
    public void KIsCappedAtTheBaseSizeAndMismatchedDimensionsAreRejected()
    {
        var data = SyntheticData.Uniform(3, 4, seed: 1);
        Assert.Equal(3, ExactNeighbors.Compute(data, data, 10, MetricType.L2).Dim);
        var error = Assert.Throws<ArgumentException>(() => ExactNeighbors.Compute(data, SyntheticData.Uniform(2, 5, seed: 1), 1, MetricType.L2));
        Assert.Contains("dimension 5", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExactNeighbors.Compute(data, data, 1, MetricType.Hamming));
    }

    /// <summary>Smaller is closer, in double precision.</summary>
    private static double Score(MetricType metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return metric switch
        {
            MetricType.L2 => BruteForce.L2Squared(a, b),
            MetricType.IP => -dot,
            _ => -dot / Math.Sqrt(na * nb),
        };
    }
}
