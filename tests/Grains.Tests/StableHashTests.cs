using System.Text;
using OrleansVector.Grains.Routing;

namespace OrleansVector.Grains.Tests;

public sealed class StableHashTests
{
    // Published MurmurHash3 x86_32 test vectors (SMHasher), covering every tail length.
    [Theory]
    [InlineData("", 0u, 0x00000000u)]
    [InlineData("", 1u, 0x514E28B7u)]
    [InlineData("", 0xffffffffu, 0x81F16F39u)]
    [InlineData("a", 0x9747b28cu, 0x7FA09EA6u)]
    [InlineData("ab", 0x9747b28cu, 0x74875592u)]
    [InlineData("abc", 0x9747b28cu, 0xC84A62DDu)]
    [InlineData("abcd", 0x9747b28cu, 0xF0478627u)]
    [InlineData("Hello, world!", 0x9747b28cu, 0x24884CBAu)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x9747b28cu, 0x2FA826CDu)]
    public void Murmur3_matches_reference_vectors(string input, uint seed, uint expected) =>
        Assert.Equal(expected, StableHash.Murmur3(Encoding.UTF8.GetBytes(input), seed));

    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_matches_ieee_check_values(string input, uint expected) =>
        Assert.Equal(expected, StableHash.Crc32(Encoding.UTF8.GetBytes(input)));

    [Fact]
    public void Int64_key_hashes_its_little_endian_bytes()
    {
        const long key = 0x0102030405060708;
        byte[] littleEndian = [8, 7, 6, 5, 4, 3, 2, 1];
        Assert.Equal(StableHash.Murmur3(littleEndian, 0), StableHash.Hash(key));
    }

    [Fact]
    public void String_key_hashes_only_its_first_100_utf8_bytes()
    {
        var prefix = new string('é', 50); // 100 UTF-8 bytes
        Assert.Equal(StableHash.Hash(prefix), StableHash.Hash(prefix + "anything after"));
        Assert.NotEqual(StableHash.Hash("a" + prefix), StableHash.Hash("b" + prefix));
        Assert.Equal(StableHash.Crc32(Encoding.UTF8.GetBytes("pk-42")), StableHash.Hash("pk-42"));
    }

    [Theory]
    [InlineData(1000, "a")] // far longer than the pool's smallest buffers: the whole key was encoded before
    [InlineData(300, "\u20AC")] // 3 bytes per char
    [InlineData(99, "a", "\U0001F600")] // a surrogate pair across the 100th char
    [InlineData(70000, "\u00E9")]
    public void Long_string_key_hashes_the_first_100_utf8_bytes_of_the_whole_key(int repeat, string unit, string tail = "")
    {
        var key = string.Concat(Enumerable.Repeat(unit, repeat)) + tail + new string('z', 500);
        Assert.Equal(StableHash.Crc32(Encoding.UTF8.GetBytes(key).AsSpan(0, StableHash.MaxStringBytes)), StableHash.Hash(key));
    }
}
