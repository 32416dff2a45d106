namespace OrleansVector.Kernels.Tests;

public sealed class ProductQuantizerTests
{
    private static readonly KMeansOptions Options = new() { Iterations = 10 };

    [Fact]
    public void Reconstruction_is_exact_when_each_subspace_has_at_most_256_distinct_subvectors()
    {
        const int Dim = 12;
        var distinct = Generators.RandomVectors(new Random(1), 256, Dim);
        var data = distinct.Concat(distinct).ToArray();
        var pq = ProductQuantizer.Train(data, Dim, 4, Options);
        var code = new byte[4];
        var decoded = new float[Dim];
        for (var r = 0; r < 256; r++)
        {
            pq.Encode(distinct.AsSpan(r * Dim, Dim), code);
            pq.Decode(code, decoded);
            Assert.Equal(distinct.AsSpan(r * Dim, Dim).ToArray(), decoded);
        }
    }

    [Fact]
    public void Reconstruction_error_shrinks_with_more_subquantizers_and_stays_well_below_the_variance()
    {
        const int Dim = 32;
        var data = Generators.RandomVectors(new Random(2), 2000, Dim);
        var variance = Enumerable.Range(0, 2000).Average(r => ScalarReference.Dot(data.AsSpan(r * Dim, Dim), data.AsSpan(r * Dim, Dim)));
        var coarse = MeanSquaredError(ProductQuantizer.Train(data, Dim, 4, Options), data, Dim);
        var fine = MeanSquaredError(ProductQuantizer.Train(data, Dim, 16, Options), data, Dim);
        Assert.True(coarse < variance * 0.6, $"m = 4: error {coarse}, variance {variance}");
        Assert.True(fine < coarse * 0.5, $"m = 16: error {fine}, m = 4: {coarse}");
    }

    [Theory]
    [InlineData(MetricType.L2)]
    [InlineData(MetricType.IP)]
    public void Table_distance_equals_the_distance_to_the_decoded_vector(MetricType metric)
    {
        const int Dim = 24;
        var random = new Random(3);
        var data = Generators.RandomVectors(random, 600, Dim);
        var pq = ProductQuantizer.Train(data, Dim, 8, Options);
        var query = Generators.RandomVectors(random, 1, Dim);
        var table = new float[8 * ProductQuantizer.CentroidsPerSubspace];
        pq.ComputeDistanceTable(query, metric, table);
        var code = new byte[8];
        var decoded = new float[Dim];
        for (var r = 0; r < 600; r += 5)
        {
            pq.Encode(data.AsSpan(r * Dim, Dim), code);
            pq.Decode(code, decoded);
            var expected = metric == MetricType.L2 ? ScalarReference.L2Squared(query, decoded) : -ScalarReference.Dot(query, decoded);
            Assert.Equal(expected, ProductQuantizer.AsymmetricDistance(table, code), 1e-4);
        }
    }

    [Fact]
    public void Serialization_round_trip_gives_identical_codes_and_rejects_corruption()
    {
        const int Dim = 8;
        var data = Generators.RandomVectors(new Random(4), 300, Dim);
        var pq = ProductQuantizer.Train(data, Dim, 2, Options);
        var bytes = ScalarQuantizer8Tests.Bytes(pq.WriteTo);
        var copy = ScalarQuantizer8Tests.Read(bytes, ProductQuantizer.ReadFrom);
        Assert.Equal((Dim, 2), (copy.Dim, copy.M));
        var code = new byte[2];
        var copyCode = new byte[2];
        for (var r = 0; r < 300; r++)
        {
            pq.Encode(data.AsSpan(r * Dim, Dim), code);
            copy.Encode(data.AsSpan(r * Dim, Dim), copyCode);
            Assert.Equal(code, copyCode);
        }

        Assert.Throws<InvalidDataException>(() => ScalarQuantizer8Tests.Read(bytes[..^1], ProductQuantizer.ReadFrom));
        var sq = ScalarQuantizer8Tests.Bytes(ScalarQuantizer8.Train(data, Dim).WriteTo);
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ScalarQuantizer8Tests.Read(sq, ProductQuantizer.ReadFrom)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var data = new float[300 * 6];
        Assert.Equal("m", Assert.Throws<ArgumentException>(() => ProductQuantizer.Train(data, 6, 4, Options)).ParamName);
        Assert.Equal("m", Assert.Throws<ArgumentOutOfRangeException>(() => ProductQuantizer.Train(data, 6, 0, Options)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => ProductQuantizer.Train(new float[100 * 6], 6, 2, Options)).ParamName);
        var pq = ProductQuantizer.Train(Generators.RandomVectors(new Random(5), 300, 6), 6, 3, Options);
        Assert.Equal("metric", Assert.Throws<ArgumentException>(() => pq.ComputeDistanceTable(new float[6], MetricType.Hamming, new float[3 * 256])).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => pq.ComputeDistanceTable(new float[6], MetricType.L2, new float[256])).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => pq.ComputeDistanceTable(new float[5], MetricType.L2, new float[3 * 256])).ParamName);
        Assert.Equal("code", Assert.Throws<ArgumentException>(() => pq.Encode(new float[6], new byte[2])).ParamName);
    }

    private static double MeanSquaredError(ProductQuantizer pq, float[] data, int dim)
    {
        var code = new byte[pq.M];
        var decoded = new float[dim];
        var total = 0d;
        var rows = data.Length / dim;
        for (var r = 0; r < rows; r++)
        {
            pq.Encode(data.AsSpan(r * dim, dim), code);
            pq.Decode(code, decoded);
            total += ScalarReference.L2Squared(data.AsSpan(r * dim, dim), decoded);
        }

        return total / rows;
    }
}
