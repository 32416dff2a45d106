using FsCheck;
using FsCheck.Fluent;

namespace OrleansVector.Kernels.Tests;

/// <summary>
/// The IVF coarse quantizer's ranking distance |c|^2 - 2 q.c against the double-precision reference for random
/// dimensions 1..2000 and centroid counts on both sides of a panel block (64). Tolerance: 1e-5 of the magnitude float
/// rounding acts on (|c|^2 + 2 sum |q_i c_i|) + 1e-6, as in <see cref="VectorMathPropertyTests"/>.
/// </summary>
public sealed class CoarseQuantizerTests
{
    private static Gen<(int Dim, float[] Centroids, float[] Query)> Cases { get; } =
        from dim in Gen.Choose(1, Generators.MaxDim)
        from count in Gen.Choose(1, 140)
        from seed in Gen.Choose(0, int.MaxValue)
        let random = new Random(seed)
        select (dim, Generators.RandomVectors(random, count, dim), Generators.RandomVectors(random, 1, dim));

    [Fact]
    public void Ranking_distances_match_the_scalar_reference() => VectorMathPropertyTests.Check(Cases, c =>
    {
        var count = c.Centroids.Length / c.Dim;
        var quantizer = new CoarseQuantizer(c.Centroids, c.Dim);
        var distances = new float[count + 3];
        distances.AsSpan(count).Fill(-7f);
        quantizer.RankingDistances(c.Query, distances);
        for (var i = 0; i < count; i++)
        {
            var centroid = c.Centroids.AsSpan(i * c.Dim, c.Dim);
            var expected = ScalarReference.Dot(centroid, centroid) - (2 * ScalarReference.Dot(c.Query, centroid));
            var magnitude = ScalarReference.Dot(centroid, centroid) + (2 * ScalarReference.AbsoluteDot(c.Query, centroid));
            if (!VectorMathPropertyTests.Close(distances[i], expected, magnitude))
            {
                return false;
            }
        }

        // Nothing is written past Count (the padding centroids of the last panel block stay inside).
        return distances.AsSpan(count).IndexOfAnyExcept(-7f) < 0;
    });

    [Fact]
    public void Ranking_orders_centroids_as_squared_L2_does()
    {
        const int Dim = 128;
        var random = new Random(3);
        var centroids = Generators.RandomVectors(random, 1000, Dim);
        var quantizer = new CoarseQuantizer(centroids, Dim);
        var ranking = new float[1000];
        var exact = new float[1000];
        for (var q = 0; q < 20; q++)
        {
            var query = Generators.RandomVectors(random, 1, Dim);
            quantizer.RankingDistances(query, ranking);
            BatchDistance.OneToMany<L2Distance>(query, centroids, Dim, exact);
            var norm = VectorMath.Dot(query, query);
            for (var i = 0; i < 1000; i++)
            {
                Assert.Equal(exact[i], ranking[i] + norm, exact[i] * 1e-4);
            }

            Assert.Equal(Array.IndexOf(exact, exact.Min()), Array.IndexOf(ranking, ranking.Min()));
        }
    }

    [Fact]
    public void Bad_shapes_name_the_parameter()
    {
        var quantizer = new CoarseQuantizer(new float[6], 3);
        Assert.Equal(2, quantizer.Count);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => quantizer.RankingDistances(new float[2], new float[2])).ParamName);
        Assert.Equal("distances", Assert.Throws<ArgumentException>(() => quantizer.RankingDistances(new float[3], new float[1])).ParamName);
        Assert.Equal("centroids", Assert.Throws<ArgumentException>(() => new CoarseQuantizer(new float[7], 3)).ParamName);
        Assert.Equal("centroids", Assert.Throws<ArgumentOutOfRangeException>(() => new CoarseQuantizer([], 3)).ParamName);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => new CoarseQuantizer(new float[6], 0)).ParamName);
    }
}
