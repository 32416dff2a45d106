using FsCheck;
using FsCheck.Fluent;

namespace OrleansVector.Kernels.Tests;

public sealed class BatchDistanceTests
{
    private static Gen<(int Dim, float[] Queries, float[] Block)> Blocks { get; } =
        from dim in Gen.Choose(1, 300)
        from queries in Gen.Choose(1, 4)
        from rows in Gen.Choose(1, 40)
        from q in Gen.ArrayOf(Generators.Element, queries * dim)
        from b in Gen.ArrayOf(Generators.Element, rows * dim)
        select (dim, q, b);

    [Fact]
    public void OneToMany_is_bit_identical_to_pairwise_distances() => VectorMathPropertyTests.Check(Blocks, c =>
        SameAsPairwise<L2Distance>(c) && SameAsPairwise<IPDistance>(c) && SameAsPairwise<CosineDistance>(c));

    [Fact]
    public void ManyToMany_is_bit_identical_to_pairwise_distances() => VectorMathPropertyTests.Check(Blocks, c =>
    {
        var rows = c.Block.Length / c.Dim;
        var queries = c.Queries.Length / c.Dim;
        var distances = new float[queries * rows];
        BatchDistance.ManyToMany<L2Distance>(c.Queries, c.Block, c.Dim, distances);
        for (var q = 0; q < queries; q++)
        {
            for (var r = 0; r < rows; r++)
            {
                if (distances[(q * rows) + r] != VectorMath.L2Squared(c.Queries.AsSpan(q * c.Dim, c.Dim), c.Block.AsSpan(r * c.Dim, c.Dim)))
                {
                    return false;
                }
            }
        }

        return true;
    });

    [Fact]
    public void ManyToMany_covers_blocks_larger_than_one_tile()
    {
        const int Dim = 128;
        var random = new Random(5);
        var queries = Generators.RandomVectors(random, 3, Dim);
        var block = Generators.RandomVectors(random, 1200, Dim);
        var distances = new float[3 * 1200];
        BatchDistance.ManyToMany<IPDistance>(queries, block, Dim, distances);
        for (var q = 0; q < 3; q++)
        {
            for (var r = 0; r < 1200; r += 7)
            {
                Assert.Equal(-VectorMath.Dot(queries.AsSpan(q * Dim, Dim), block.AsSpan(r * Dim, Dim)), distances[(q * 1200) + r]);
            }
        }
    }

    [Fact]
    public void Binary_OneToMany_matches_pairwise_distances()
    {
        var random = new Random(9);
        var query = new byte[16];
        var block = new byte[16 * 10];
        random.NextBytes(query);
        random.NextBytes(block);
        var hamming = new float[10];
        var jaccard = new float[10];
        BatchDistance.OneToMany<HammingDistance>(query, block, 16, hamming);
        BatchDistance.OneToMany<JaccardDistance>(query, block, 16, jaccard, next: block.AsSpan(0, 40));
        for (var r = 0; r < 10; r++)
        {
            Assert.Equal(ScalarReference.Hamming(query, block.AsSpan(r * 16, 16)), hamming[r]);
            Assert.Equal(VectorMath.Jaccard(query, block.AsSpan(r * 16, 16)), jaccard[r]);
        }
    }

    [Fact]
    public void Milvus_conversion_turns_distances_back_into_similarities()
    {
        float[] a = [1, 2, 3];
        float[] b = [4, 5, 6];
        Assert.Equal(32f, IPDistance.ToMilvus(IPDistance.Distance(a, b)));
        Assert.Equal(27f, L2Distance.ToMilvus(L2Distance.Distance(a, b)));
        Assert.Equal(-32f, CosineDistance.FromMilvus(32f));
        Assert.Equal(MetricType.Cosine, CosineDistance.Metric);
    }

    [Fact]
    public void Bad_shapes_name_the_parameter()
    {
        var distances = new float[4];
        Assert.Equal("block", Assert.Throws<ArgumentException>(() => BatchDistance.OneToMany<L2Distance>(new float[3], new float[7], 3, distances)).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => BatchDistance.OneToMany<L2Distance>(new float[2], new float[6], 3, distances)).ParamName);
        Assert.Equal("distances", Assert.Throws<ArgumentException>(() => BatchDistance.OneToMany<L2Distance>(new float[3], new float[15], 3, distances)).ParamName);
        Assert.Equal("dim", Assert.Throws<ArgumentOutOfRangeException>(() => BatchDistance.OneToMany<L2Distance>(new float[3], new float[6], 0, distances)).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => BatchDistance.ManyToMany<L2Distance>(new float[4], new float[6], 3, distances)).ParamName);
        Assert.Equal("bytesPerVector", Assert.Throws<ArgumentOutOfRangeException>(() => BatchDistance.OneToMany<HammingDistance>(new byte[2], new byte[4], 0, distances)).ParamName);
    }

    private static bool SameAsPairwise<TDistance>((int Dim, float[] Queries, float[] Block) c)
        where TDistance : struct, IFloatDistance
    {
        var rows = c.Block.Length / c.Dim;
        var query = c.Queries.AsSpan(0, c.Dim);
        var distances = new float[rows];
        var prefetching = new float[rows];
        BatchDistance.OneToMany<TDistance>(query, c.Block, c.Dim, distances);
        // The next block (prefetched only) shorter than this one, so that prefetching stops at its end.
        BatchDistance.OneToMany<TDistance>(query, c.Block, c.Dim, prefetching, c.Block.AsSpan(0, c.Block.Length / 2));
        for (var r = 0; r < rows; r++)
        {
            var expected = TDistance.Distance(query, c.Block.AsSpan(r * c.Dim, c.Dim));
            if (distances[r] != expected || prefetching[r] != expected)
            {
                return false;
            }
        }

        return true;
    }
}
