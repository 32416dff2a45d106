using OrleansVector.Index.Datasets;

namespace OrleansVector.Index.Tests.Datasets;

public sealed class SyntheticDataTests
{
    [Theory]
    [InlineData(SyntheticKind.Clustered)]
    [InlineData(SyntheticKind.Uniform)]
    public void TheSameSeedGivesTheSameVectors(SyntheticKind kind)
    {
        var first = new SyntheticData(kind, dim: 16, seed: 7).Generate(200, SyntheticData.BaseStream);
        var second = new SyntheticData(kind, dim: 16, seed: 7).Generate(200, SyntheticData.BaseStream);
        Assert.Equal(first.Data, second.Data);
    }

    [Theory]
    [InlineData(SyntheticKind.Clustered)]
    [InlineData(SyntheticKind.Uniform)]
    public void SeedsAndStreamsGiveDifferentVectors(SyntheticKind kind)
    {
        var generator = new SyntheticData(kind, dim: 16, seed: 7);
        var baseVectors = generator.Generate(50, SyntheticData.BaseStream);
        var queries = generator.Generate(50, SyntheticData.QueryStream);
        var otherSeed = new SyntheticData(kind, dim: 16, seed: 8).Generate(50, SyntheticData.BaseStream);

        Assert.NotEqual(baseVectors.Data, queries.Data);
        Assert.NotEqual(baseVectors.Data, otherSeed.Data);
    }

    [Fact]
    public void AShorterRunIsAPrefixOfALongerOne()
    {
        var generator = new SyntheticData(SyntheticKind.Clustered, dim: 8, seed: 3);
        Assert.Equal(generator.Generate(100, 0).Rows(0, 40).ToArray(), generator.Generate(40, 0).Data);
    }

    [Fact]
    public void UniformValuesLieInTheUnitInterval()
    {
        var vectors = SyntheticData.Uniform(1000, 32, seed: 1);
        Assert.All(vectors.Data, v => Assert.InRange(v, 0f, 1f));
        Assert.InRange(vectors.Data.Average(), 0.48, 0.52);
    }

    [Fact]
    public void ClusteredPointsHaveCloseNeighboursAndUniformPointsDoNot()
    {
        // Nearest-neighbour distance relative to the mean pairwise distance: small for clustered data,
        // close to 1 for uniform data in 64 dimensions (distances concentrate).
        var clustered = NearestToMeanDistance(SyntheticData.Clustered(2000, 64, seed: 1, new ClusteredDataOptions { Clusters = 20 }));
        var uniform = NearestToMeanDistance(SyntheticData.Uniform(2000, 64, seed: 1));

        Assert.True(clustered < 0.5, $"clustered nearest/mean distance {clustered:F3}");
        Assert.True(uniform > 0.6, $"uniform nearest/mean distance {uniform:F3}");
    }

    [Fact]
    public void OptionsOutOfRangeAreRejectedByName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticData(SyntheticKind.Clustered, 8, 1, new ClusteredDataOptions { Clusters = 0 }));
        Assert.Equal(nameof(ClusteredDataOptions.Clusters), error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticData(SyntheticKind.Clustered, 8, 1, new ClusteredDataOptions { Noise = double.NaN }));
        Assert.Equal(nameof(ClusteredDataOptions.Noise), error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticData(SyntheticKind.Uniform, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticData((SyntheticKind)9, 8, 1));
    }

    private static double NearestToMeanDistance(VectorArray<float> vectors)
    {
        double nearestSum = 0, meanSum = 0;
        const int probes = 50;
        for (var q = 0; q < probes; q++)
        {
            double nearest = double.MaxValue, sum = 0;
            for (var i = probes; i < vectors.Count; i++)
            {
                var d = Math.Sqrt(BruteForce.L2Squared(vectors.Row(q), vectors.Row(i)));
                nearest = Math.Min(nearest, d);
                sum += d;
            }
            nearestSum += nearest;
            meanSum += sum / (vectors.Count - probes);
        }
        return nearestSum / meanSum;
    }
}
