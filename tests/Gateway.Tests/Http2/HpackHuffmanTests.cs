using System.Text;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Http2;

/// <summary>
/// Huffman decoding against a test-only encoder built from the same code lengths (canonical assignment), whose codes
/// are checked against RFC 7541 Appendix B and whose output is checked against the Appendix C.4 and C.6 strings.
/// </summary>
public sealed class HpackHuffmanTests
{
    /// <summary>Right-aligned code and length per symbol 0..256, assigned canonically by (length, symbol).</summary>
    private static readonly (uint Code, int Length)[] Codes = BuildCodes();

    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData(10, 0x3ffffffcu, 30)]
    [InlineData(32, 0x14u, 6)]
    [InlineData(48, 0x0u, 5)]
    [InlineData(97, 0x3u, 5)]
    [InlineData(116, 0x9u, 5)]
    [InlineData(127, 0xffffffcu, 28)]
    [InlineData(128, 0xfffe6u, 20)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(256, 0x3fffffffu, 30)]
    public void Canonical_codes_from_the_lengths_are_the_rfc_codes(int symbol, uint code, int length)
    {
        Assert.Equal((code, length), Codes[symbol]);
    }

    [Fact]
    public void The_lengths_form_a_complete_prefix_code()
    {
        // Kraft sum exactly 1: every bit string is a code or a prefix of one, so decoding never meets a gap.
        var sum = 0UL;
        foreach (var length in HpackHuffman.CodeLengths)
            sum += 1UL << (30 - length);

        Assert.Equal(257, HpackHuffman.CodeLengths.Length);
        Assert.Equal(1UL << 30, sum);
    }

    [Theory]
    [InlineData("www.example.com", "f1e3c2e5f23a6ba0ab90f4ff")]
    [InlineData("no-cache", "a8eb10649cbf")]
    [InlineData("custom-key", "25a849e95ba97d7f")]
    [InlineData("custom-value", "25a849e95bb8e8b4bf")]
    [InlineData("302", "6402")]
    [InlineData("307", "640eff")]
    [InlineData("private", "aec3771a4b")]
    [InlineData("Mon, 21 Oct 2013 20:13:21 GMT", "d07abe941054d444a8200595040b8166e082a62d1bff")]
    [InlineData("https://www.example.com", "9d29ad171863c78f0b97c8e9ae82ae43d3")]
    [InlineData("gzip", "9bd9ab")]
    public void Rfc_strings_decode_and_the_test_encoder_reproduces_them(string text, string hex)
    {
        var encoded = Convert.FromHexString(hex);

        Assert.Equal(text, HpackHuffman.DecodeString(encoded));
        Assert.Equal(encoded, Encode(Encoding.Latin1.GetBytes(text)));
    }

    [Fact]
    public void Every_symbol_round_trips_alone_and_between_others()
    {
        for (var symbol = 0; symbol < 256; symbol++)
        {
            var text = new string((char)symbol, 1);
            Assert.Equal(text, HpackHuffman.DecodeString(Encode([(byte)symbol])));
            var framed = $"a{(char)symbol}{(char)(255 - symbol)}z";
            Assert.Equal(framed, HpackHuffman.DecodeString(Encode(Encoding.Latin1.GetBytes(framed))));
        }
    }

    [Fact]
    public void All_octets_in_one_string_round_trip()
    {
        var octets = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.Equal(Encoding.Latin1.GetString(octets), HpackHuffman.DecodeString(Encode(octets)));
    }

    [Fact]
    public void An_empty_string_decodes_to_empty()
    {
        Assert.Equal("", HpackHuffman.DecodeString([]));
    }

    /// <summary>Huffman-codes <paramref name="octets"/>, padding the last octet with ones (the EOS prefix).</summary>
    internal static byte[] Encode(ReadOnlySpan<byte> octets)
    {
        var output = new List<byte>();
        ulong bits = 0;
        var bitCount = 0;
        foreach (var octet in octets)
        {
            var (code, length) = Codes[octet];
            bits = bits << length | code;
            for (bitCount += length; bitCount >= 8; bitCount -= 8)
                output.Add((byte)(bits >> (bitCount - 8)));
        }
        if (bitCount > 0)
            output.Add((byte)(bits << (8 - bitCount) | (0xFFu >> bitCount)));
        return [.. output];
    }

    private static (uint Code, int Length)[] BuildCodes()
    {
        var lengths = HpackHuffman.CodeLengths.ToArray();
        var codes = new (uint, int)[lengths.Length];
        uint next = 0;
        var previousLength = 0;
        foreach (var symbol in Enumerable.Range(0, lengths.Length).OrderBy(s => lengths[s]).ThenBy(s => s))
        {
            next <<= lengths[symbol] - previousLength;
            previousLength = lengths[symbol];
            codes[symbol] = (next++, previousLength);
        }
        return codes;
    }
}
