using OrleansVector.Index.Datasets;

namespace OrleansVector.Index.Tests.Datasets;

/// <summary>
/// Reads the real files and checks them against each other: the ground-truth ids, measured with our own brute force
/// over the vectors we read, must be the exact nearest neighbours. A wrong byte order, offset or conversion breaks that.
/// </summary>
public sealed class VecsFileRealDataTests
{
    [Theory]
    [InlineData("ngt_sift5k", "ngt_sift5k_base.fvecs", "../siftsmall/siftsmall_query.fvecs", "ngt_sift5k_gt_for_siftsmall_query_top100.ivecs", 5000, 128)]
    [InlineData("fmnistsmall", "fmnistsmall_base.fvecs", "fmnistsmall_query.fvecs", "fmnistsmall_groundtruth.ivecs", 1000, 784)]
    [InlineData("bigann10k", "bigann10k_base.bvecs", "bigann10k_query.bvecs", "bigann10k_groundtruth.ivecs", 10000, 128)]
    public void GroundTruthIdsAreTheExactNearestNeighboursOfTheVectorsRead(string set, string baseFile, string queryFile, string gtFile, int count, int dim)
    {
        var data = VecsFile.ReadFloatVectors(SharedDataFiles.Path(set, baseFile));
        var queries = VecsFile.ReadFloatVectors(SharedDataFiles.Path(set, queryFile), maxCount: 20);
        var truth = VecsFile.ReadIvecs(SharedDataFiles.Path(set, gtFile));

        Assert.Equal((count, dim), (data.Count, data.Dim));
        Assert.Equal(dim, queries.Dim);
        Assert.Equal(20, queries.Count);
        Assert.Equal(100, truth.Dim);
        const int k = 10;
        for (var q = 0; q < queries.Count; q++)
        {
            var expected = BruteForce.NearestDistances(data, queries.Row(q), k);
            var listed = truth.Row(q)[..k].ToArray().Select(id => BruteForce.L2Squared(data.Row(id), queries.Row(q))).ToArray();
            // Distances, not ids: equal-distance neighbours may be listed in either order.
            Assert.Equal(expected, listed);
        }
    }

    [Fact]
    public void BvecsValuesAreTheBytesWidenedToFloat()
    {
        var path = SharedDataFiles.Path("bigann10k", "bigann10k_base.bvecs");
        var vectors = VecsFile.ReadBvecs(path, maxCount: 3);
        var raw = File.ReadAllBytes(path);

        Assert.Equal(3, vectors.Count);
        for (var i = 0; i < vectors.Count; i++)
        {
            var record = raw.AsSpan((i * (4 + vectors.Dim)) + 4, vectors.Dim);
            Assert.Equal(record.ToArray().Select(b => (float)b), vectors.Row(i).ToArray());
        }
    }

    [Fact]
    public void MaxCountReadsAPrefix()
    {
        var path = SharedDataFiles.Path("siftmicro", "siftmicro_base.fvecs");
        var all = VecsFile.ReadFvecs(path);
        var prefix = VecsFile.ReadFvecs(path, maxCount: 7);

        Assert.Equal(100, all.Count);
        Assert.Equal(7, prefix.Count);
        Assert.Equal(all.Rows(0, 7).ToArray(), prefix.Data);
        Assert.Equal(all.Take(7).Data, prefix.Data);
    }

    [Fact]
    public void SiftMicroRowsAppearInTheSiftSmallGroundTruthInDistanceOrder()
    {
        // siftmicro is the first 100 siftsmall base vectors. Whenever the siftsmall top-100 of a query lists any id < 100,
        // the first such id must be the nearest siftmicro row to that query (anything nearer would be listed before it).
        var micro = VecsFile.ReadFvecs(SharedDataFiles.Path("siftmicro", "siftmicro_base.fvecs"));
        var queries = VecsFile.ReadFvecs(SharedDataFiles.Path("siftsmall", "siftsmall_query.fvecs"));
        var truth = VecsFile.ReadIvecs(SharedDataFiles.Path("siftsmall", "siftsmall_groundtruth.ivecs"));
        Assert.Equal(queries.Count, truth.Count);
        var checkedQueries = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var listed = truth.Row(q).ToArray().Where(id => id < micro.Count).ToArray();
            if (listed.Length > 0)
            {
                var best = BruteForce.NearestDistances(micro, queries.Row(q), 1)[0];
                Assert.Equal(best, BruteForce.L2Squared(micro.Row(listed[0]), queries.Row(q)));
                checkedQueries++;
            }
        }
        Assert.True(checkedQueries > 10, $"only {checkedQueries} queries list a siftmicro row in their top-100");
    }
}
