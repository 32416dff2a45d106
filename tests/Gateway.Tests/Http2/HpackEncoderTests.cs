using System.Buffers;
using OrleansVector.Gateway.Http2;
using static OrleansVector.Gateway.Tests.Http2.HpackRfcExampleTests;

namespace OrleansVector.Gateway.Tests.Http2;

/// <summary>The encoder's exact octets for the fields the server sends, and round trips of everything it writes through the decoder.</summary>
public sealed class HpackEncoderTests
{
    [Fact]
    public void Indexed_and_literal_fields_have_the_rfc_representations()
    {
        var output = new ArrayBufferWriter<byte>();

        HpackEncoder.WriteIndexed(output, HpackStaticTable.Status200);
        HpackEncoder.WriteLiteral(output, HpackStaticTable.ContentType, "application/grpc");
        HpackEncoder.WriteLiteral(output, "grpc-status", "0");

        Assert.Equal(Convert.FromHexString(
            "88" +
            "0f10" + "10" + "6170706c69636174696f6e2f67727063" +
            "00" + "0b" + "677270632d737461747573" + "01" + "30"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Every_static_entry_round_trips_indexed_and_as_a_literal_name()
    {
        // Literal name indexes have a 4-bit prefix: 1..14 fit it, 15..61 continue into a second octet.
        var output = new ArrayBufferWriter<byte>();
        var expected = new List<HpackHeaderField>();
        for (var index = 1; index <= HpackStaticTable.Count; index++)
        {
            HpackEncoder.WriteIndexed(output, index);
            HpackEncoder.WriteLiteral(output, index, $"value-{index}");
            expected.Add(HpackStaticTable.Get(index));
            expected.Add(HpackStaticTable.Get(index) with { Value = $"value-{index}" });
        }

        var decoder = NewDecoder();
        var fields = new List<HpackHeaderField>();
        decoder.Decode(output.WrittenSpan, fields);

        Assert.Equal(expected, fields);
        Assert.Equal(0, decoder.DynamicTableCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(255)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(100_000)]
    public void Names_and_values_of_any_length_round_trip(int length)
    {
        var value = string.Create(length, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
                chars[i] = (char)(' ' + i % 95);
        });
        var name = "x-" + new string('n', length % 300);
        var output = new ArrayBufferWriter<byte>();

        HpackEncoder.WriteLiteral(output, HpackStaticTable.Path, value);
        HpackEncoder.WriteLiteral(output, name, value);

        var fields = new List<HpackHeaderField>();
        new HpackDecoder(4096, 1_000_000).Decode(output.WrittenSpan, fields);
        Assert.Equal([new(":path", value), new(name, value)], fields);
    }

    [Fact]
    public void Latin1_characters_are_written_as_single_octets()
    {
        var output = new ArrayBufferWriter<byte>();

        HpackEncoder.WriteLiteral(output, "x", "caf\u00E9\u00FF");

        Assert.Equal(Convert.FromHexString("00017805636166e9ff"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Characters_above_latin1_are_rejected_naming_the_header()
    {
        var output = new ArrayBufferWriter<byte>();

        var value = Assert.Throws<ArgumentException>(() => HpackEncoder.WriteLiteral(output, "grpc-message", "caf\u0113"));
        var indexed = Assert.Throws<ArgumentException>(() => HpackEncoder.WriteLiteral(output, HpackStaticTable.ContentType, "\u4E2D"));
        var name = Assert.Throws<ArgumentException>(() => HpackEncoder.WriteLiteral(output, "x-\u0100", "v"));

        Assert.Contains("'grpc-message'", value.Message, StringComparison.Ordinal);
        Assert.Contains("'content-type'", indexed.Message, StringComparison.Ordinal);
        Assert.Contains("'x-\u0100'", name.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(62)]
    public void Static_indexes_outside_the_table_are_rejected(int index)
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.WriteIndexed(output, index));
        Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.WriteLiteral(output, index, "v"));
    }

    [Fact]
    public void An_empty_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => HpackEncoder.WriteLiteral(new ArrayBufferWriter<byte>(), "", "v"));
    }
}
