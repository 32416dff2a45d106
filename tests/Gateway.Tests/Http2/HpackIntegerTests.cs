using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Http2;

/// <summary>RFC 7541 5.1 integers: the Appendix C.1 examples and the boundaries of every prefix.</summary>
public sealed class HpackIntegerTests
{
    [Theory]
    [InlineData(10, 5, "0a")] // C.1.1
    [InlineData(1337, 5, "1f9a0a")] // C.1.2
    [InlineData(42, 8, "2a")] // C.1.3
    [InlineData(30, 5, "1e")]
    [InlineData(31, 5, "1f00")]
    [InlineData(31 + 127, 5, "1f7f")]
    [InlineData(31 + 128, 5, "1f8001")]
    [InlineData(int.MaxValue, 1, "01feffffff07")]
    public void Integers_have_the_rfc_representation_and_read_back(int value, int prefixBits, string hex)
    {
        var buffer = new byte[HpackInteger.MaxLength];

        var written = HpackInteger.Write(buffer, value, prefixBits, 0x00);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, written));
        var position = 0;
        Assert.Equal(value, HpackInteger.Read(buffer.AsSpan(0, written), ref position, prefixBits));
        Assert.Equal(written, position);
    }

    [Fact]
    public void Every_prefix_round_trips_around_its_boundary_and_keeps_the_flag_bits()
    {
        var buffer = new byte[HpackInteger.MaxLength];
        for (var prefixBits = 1; prefixBits <= 8; prefixBits++)
        {
            var flags = (byte)(0xFF << prefixBits);
            var prefixMax = (1 << prefixBits) - 1;
            foreach (var value in new[] { 0, prefixMax - 1, prefixMax, prefixMax + 1, prefixMax + 127, prefixMax + 128, 1 << 21, int.MaxValue })
            {
                var written = HpackInteger.Write(buffer, value, prefixBits, flags);
                Assert.Equal(flags, buffer[0] & flags);

                var position = 0;
                Assert.Equal(value, HpackInteger.Read(buffer.AsSpan(0, written), ref position, prefixBits));
                Assert.Equal(written, position);
            }
        }
    }
}
