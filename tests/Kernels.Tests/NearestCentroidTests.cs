namespace OrleansVector.Kernels.Tests;

/// <summary>Both assignment paths (the AVX-512 micro-kernel and the portable one) against the scalar reference.</summary>
public sealed class NearestCentroidTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 3, 5)]
    [InlineData(130, 17, 64)]
    [InlineData(257, 100, 65)]
    [InlineData(64, 8, 300)]
    public void Both_paths_find_the_nearest_centroid(int rows, int dim, int k)
    {
        var random = new Random(rows + dim + k);
        var data = Generators.RandomVectors(random, rows, dim);
        var centroids = Generators.RandomVectors(random, k, dim);
        var portable = new int[rows];
        KMeans.NearestByDistance(data, centroids, dim, portable);
        AssertNearest(data, centroids, dim, portable);
        if (CentroidPanels.IsSupported)
        {
            var blocked = new int[rows];
            NearestCentroid.Assign(data, new CentroidPanels(centroids, dim), blocked);
            AssertNearest(data, centroids, dim, blocked);
        }
    }

    [Fact]
    public void Ties_go_to_the_lowest_centroid_index()
    {
        float[] centroids = [1, 0, 0, 1, 1, 0, 0, 1];
        float[] data = [0.5f, 0.5f, 1, 0, 0, 1];
        var portable = new int[3];
        KMeans.NearestByDistance(data, centroids, 2, portable);
        Assert.Equal([0, 0, 1], portable);
        if (CentroidPanels.IsSupported)
        {
            var blocked = new int[3];
            NearestCentroid.Assign(data, new CentroidPanels(centroids, 2), blocked);
            Assert.Equal([0, 0, 1], blocked);
        }
    }

    private static void AssertNearest(float[] data, float[] centroids, int dim, int[] assignment)
    {
        var k = centroids.Length / dim;
        for (var i = 0; i < assignment.Length; i++)
        {
            var row = data.AsSpan(i * dim, dim);
            var best = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                best = Math.Min(best, ScalarReference.L2Squared(row, centroids.AsSpan(c * dim, dim)));
            }

            var chosen = ScalarReference.L2Squared(row, centroids.AsSpan(assignment[i] * dim, dim));
            Assert.True(chosen <= best + 1e-5, $"row {i}: chose centroid {assignment[i]} at {chosen}, nearest is at {best}");
        }
    }
}
