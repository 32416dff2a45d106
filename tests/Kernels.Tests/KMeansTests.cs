namespace OrleansVector.Kernels.Tests;

public sealed class KMeansTests
{
    private const int Dim = 16;
    private const int Clusters = 8;
    private const int PerCluster = 200;

    [Fact]
    public void Recovers_well_separated_clusters()
    {
        var (data, means, labels) = SeparatedClusters(seed: 1);
        var centroids = KMeans.Train(data, Dim, Clusters, new KMeansOptions { Seed = 7 });
        var assignment = new int[labels.Length];
        KMeans.Assign(data, Dim, centroids, assignment);

        // Every true cluster maps onto exactly one centroid and no centroid is shared.
        var mapping = new int[Clusters];
        for (var c = 0; c < Clusters; c++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => assignment[i]).Distinct().ToArray();
            Assert.Single(members);
            mapping[c] = members[0];
            Assert.True(VectorMath.L2Squared(centroids.AsSpan(mapping[c] * Dim, Dim), means.AsSpan(c * Dim, Dim)) < 0.05f);
        }

        Assert.Equal(Clusters, mapping.Distinct().Count());
    }

    [Fact]
    public void Same_seed_gives_identical_centroids_whatever_the_parallelism()
    {
        var data = Generators.RandomVectors(new Random(3), 5000, Dim);
        var options = new KMeansOptions { Seed = 11, Iterations = 8 };
        var parallel = KMeans.Train(data, Dim, 20, options);
        var again = KMeans.Train(data, Dim, 20, options);
        var serial = KMeans.Train(data, Dim, 20, options with { MaxDegreeOfParallelism = 1 });
        Assert.Equal(parallel, again);
        Assert.Equal(parallel, serial);
        Assert.NotEqual(parallel, KMeans.Train(data, Dim, 20, options with { Seed = 12 }));
    }

    [Fact]
    public void Trains_on_a_sample_when_the_input_is_large_and_still_finds_the_clusters()
    {
        var (data, means, _) = SeparatedClusters(seed: 2);
        var centroids = KMeans.Train(data, Dim, Clusters, new KMeansOptions { MaxSamplesPerCentroid = 20 });
        for (var c = 0; c < Clusters; c++)
        {
            var nearest = Enumerable.Range(0, Clusters).Min(j => VectorMath.L2Squared(centroids.AsSpan(j * Dim, Dim), means.AsSpan(c * Dim, Dim)));
            Assert.True(nearest < 0.5f, $"cluster {c}: nearest centroid at squared distance {nearest}");
        }
    }

    [Fact]
    public void Lloyd_iterations_lower_the_inertia_of_the_initialisation()
    {
        var data = Generators.RandomVectors(new Random(4), 3000, 8);
        var initial = Inertia(data, 8, KMeans.Train(data, 8, 32, new KMeansOptions { Iterations = 0 }));
        var trained = Inertia(data, 8, KMeans.Train(data, 8, 32, new KMeansOptions { Iterations = 20 }));
        Assert.True(trained < initial * 0.9, $"inertia {trained} after Lloyd vs {initial} after k-means++");
    }

    [Fact]
    public void Every_centroid_is_used_even_with_duplicate_rows()
    {
        // 10 distinct points, each repeated, and k = 10: no centroid may end up empty or duplicated.
        var distinct = Generators.RandomVectors(new Random(5), 10, 4);
        var data = Enumerable.Range(0, 30).SelectMany(i => distinct.AsSpan((i % 10) * 4, 4).ToArray()).ToArray();
        var centroids = KMeans.Train(data, 4, 10, new KMeansOptions());
        var assignment = new int[30];
        KMeans.Assign(data, 4, centroids, assignment);
        Assert.Equal(10, assignment.Distinct().Count());
    }

    [Fact]
    public void Assign_picks_the_nearest_centroid()
    {
        var random = new Random(6);
        var data = Generators.RandomVectors(random, 500, 5);
        var centroids = Generators.RandomVectors(random, 9, 5);
        var assignment = new int[500];
        KMeans.Assign(data, 5, centroids, assignment);
        for (var i = 0; i < 500; i++)
        {
            var row = data.AsSpan(i * 5, 5);
            var best = assignment[i];
            for (var c = 0; c < 9; c++)
            {
                Assert.True(ScalarReference.L2Squared(row, centroids.AsSpan(best * 5, 5)) <= ScalarReference.L2Squared(row, centroids.AsSpan(c * 5, 5)) + 1e-6);
            }
        }
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var data = new float[40];
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Train(data, 4, 0, new KMeansOptions())).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Train(data, 4, 11, new KMeansOptions())).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => KMeans.Train(data, 3, 2, new KMeansOptions())).ParamName);
        Assert.Equal("Iterations", Assert.Throws<ArgumentOutOfRangeException>(() => KMeans.Train(data, 4, 2, new KMeansOptions { Iterations = -1 })).ParamName);
        Assert.Equal("centroids", Assert.Throws<ArgumentException>(() => KMeans.Assign(data, 4, new float[6], new int[10])).ParamName);
        Assert.Equal("assignment", Assert.Throws<ArgumentException>(() => KMeans.Assign(data, 4, new float[8], new int[9])).ParamName);
    }

    private static double Inertia(float[] data, int dim, float[] centroids)
    {
        var assignment = new int[data.Length / dim];
        KMeans.Assign(data, dim, centroids, assignment);
        return assignment.Select((c, i) => ScalarReference.L2Squared(data.AsSpan(i * dim, dim), centroids.AsSpan(c * dim, dim))).Sum();
    }

    private static (float[] Data, float[] Means, int[] Labels) SeparatedClusters(int seed)
    {
        var random = new Random(seed);
        var means = new float[Clusters * Dim];
        for (var i = 0; i < means.Length; i++)
        {
            means[i] = random.Next(-20, 21);
        }

        var data = new float[Clusters * PerCluster * Dim];
        var labels = new int[Clusters * PerCluster];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = i % Clusters;
            for (var j = 0; j < Dim; j++)
            {
                data[(i * Dim) + j] = means[(labels[i] * Dim) + j] + (float)((random.NextDouble() - 0.5) * 0.5);
            }
        }

        return (data, means, labels);
    }
}
