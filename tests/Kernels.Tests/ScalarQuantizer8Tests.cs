namespace OrleansVector.Kernels.Tests;

public sealed class ScalarQuantizer8Tests
{
    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(128)]
    [InlineData(203)]
    public void Reconstruction_error_is_at_most_half_a_step_per_dimension(int dim)
    {
        var random = new Random(dim);
        var data = Generators.RandomVectors(random, 300, dim);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] *= 1 + (i % dim); // a different range per dimension
        }

        var sq = ScalarQuantizer8.Train(data, dim);
        var code = new byte[dim];
        var decoded = new float[dim];
        for (var r = 0; r < 300; r++)
        {
            var row = data.AsSpan(r * dim, dim);
            sq.Encode(row, code);
            sq.Decode(code, decoded);
            for (var j = 0; j < dim; j++)
            {
                var step = 2.0 * (1 + j) / 255; // range of dimension j is about 2 * (1 + j)
                Assert.True(Math.Abs(decoded[j] - row[j]) <= (step / 2) + 1e-4, $"row {r} dim {j}: {row[j]} decoded as {decoded[j]}");
            }
        }
    }

    [Fact]
    public void Asymmetric_distances_equal_distances_to_the_decoded_vector()
    {
        const int Dim = 77;
        var random = new Random(1);
        var data = Generators.RandomVectors(random, 100, Dim);
        var sq = ScalarQuantizer8.Train(data, Dim);
        var query = Generators.RandomVectors(random, 1, Dim);
        var code = new byte[Dim];
        var decoded = new float[Dim];
        for (var r = 0; r < 100; r++)
        {
            sq.Encode(data.AsSpan(r * Dim, Dim), code);
            sq.Decode(code, decoded);
            Assert.Equal(ScalarReference.L2Squared(query, decoded), sq.L2Squared(query, code), 1e-4);
            Assert.Equal(ScalarReference.Dot(query, decoded), sq.Dot(query, code), 1e-4);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(77)]
    [InlineData(128)]
    [InlineData(1999)]
    public void Block_distances_are_bit_identical_to_per_code_distances(int dim)
    {
        var random = new Random(dim);
        var data = Generators.RandomVectors(random, 30, dim);
        var sq = ScalarQuantizer8.Train(data, dim);
        var codes = new byte[30 * dim];
        for (var r = 0; r < 30; r++)
        {
            sq.Encode(data.AsSpan(r * dim, dim), codes.AsSpan(r * dim, dim));
        }

        var query = Generators.RandomVectors(random, 1, dim);
        var l2 = new float[30];
        var dot = new float[30];
        sq.L2Squared(query, codes, l2, next: codes.AsSpan(0, 7 * dim));
        sq.Dot(query, codes, dot, next: default);
        for (var r = 0; r < 30; r++)
        {
            Assert.Equal(sq.L2Squared(query, codes.AsSpan(r * dim, dim)), l2[r]);
            Assert.Equal(sq.Dot(query, codes.AsSpan(r * dim, dim)), dot[r]);
        }
    }

    [Fact]
    public void Values_outside_the_trained_range_are_clamped_and_constant_dimensions_decode_exactly()
    {
        float[] data = [0, 5, 10, 5];
        var sq = ScalarQuantizer8.Train(data, 2);
        var code = new byte[2];
        sq.Encode([-3, 5], code);
        Assert.Equal([0, 0], code);
        sq.Encode([99, 5], code);
        Assert.Equal(255, code[0]);
        var decoded = new float[2];
        sq.Decode(code, decoded);
        Assert.Equal([10f, 5f], decoded);
    }

    [Fact]
    public void Serialization_round_trip_gives_identical_codes_and_distances()
    {
        const int Dim = 40;
        var random = new Random(2);
        var data = Generators.RandomVectors(random, 50, Dim);
        var sq = ScalarQuantizer8.Train(data, Dim);
        var copy = RoundTrip(sq.WriteTo, ScalarQuantizer8.ReadFrom);
        Assert.Equal(Dim, copy.Dim);
        var code = new byte[Dim];
        var copyCode = new byte[Dim];
        var query = Generators.RandomVectors(random, 1, Dim);
        for (var r = 0; r < 50; r++)
        {
            sq.Encode(data.AsSpan(r * Dim, Dim), code);
            copy.Encode(data.AsSpan(r * Dim, Dim), copyCode);
            Assert.Equal(code, copyCode);
            Assert.Equal(sq.L2Squared(query, code), copy.L2Squared(query, code));
        }
    }

    [Fact]
    public void Corrupt_streams_are_rejected()
    {
        var sq = ScalarQuantizer8.Train(new float[] { 1, 2, 3, 4 }, 2);
        var bytes = Bytes(sq.WriteTo);
        Assert.Throws<InvalidDataException>(() => Read(bytes[..^3], ScalarQuantizer8.ReadFrom));
        var badVersion = (byte[])bytes.Clone();
        badVersion[4] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => Read(badVersion, ScalarQuantizer8.ReadFrom)).Message, StringComparison.Ordinal);
        var badMagic = (byte[])bytes.Clone();
        badMagic[0] ^= 0xFF;
        Assert.Throws<InvalidDataException>(() => Read(badMagic, ScalarQuantizer8.ReadFrom));
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => ScalarQuantizer8.Train(new float[5], 2)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentOutOfRangeException>(() => ScalarQuantizer8.Train([], 2)).ParamName);
        var sq = ScalarQuantizer8.Train(new float[4], 2);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => sq.Encode(new float[3], new byte[3])).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => sq.L2Squared(new float[3], new byte[2])).ParamName);
        Assert.Equal("code", Assert.Throws<ArgumentException>(() => sq.Dot(new float[2], new byte[3])).ParamName);
        Assert.Equal("codes", Assert.Throws<ArgumentException>(() => sq.L2Squared(new float[2], new byte[5], new float[3], default)).ParamName);
        Assert.Equal("distances", Assert.Throws<ArgumentException>(() => sq.Dot(new float[2], new byte[6], new float[2], default)).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => sq.Dot(new float[3], new byte[6], new float[3], default)).ParamName);
    }

    internal static T RoundTrip<T>(Action<BinaryWriter> write, Func<BinaryReader, T> read) => Read(Bytes(write), read);

    internal static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    internal static T Read<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return read(reader);
    }
}
