using System.Text;
using OrleansVector.Gateway.Http2;
using static OrleansVector.Gateway.Tests.Http2.HpackRfcExampleTests;

namespace OrleansVector.Gateway.Tests.Http2;

/// <summary>The decoder's dynamic table, size updates, limits and every way a block can be malformed.</summary>
public sealed class HpackDecoderTests
{
    [Fact]
    public void Repeated_indexed_fields_return_the_tables_own_strings_and_allocate_nothing()
    {
        var decoder = NewDecoder();
        // :method POST, :scheme http, then a literal with incremental indexing (:path from the static table).
        AssertDecodes(decoder, "8386440f2f612e422f4d6574686f644e616d65", [(":method", "POST"), (":scheme", "http"), (":path", "/a.B/MethodName")]);
        var repeat = Convert.FromHexString("8386be"); // the same three fields, the last one now dynamic index 62
        var fields = new List<HpackHeaderField>(8);
        decoder.Decode(repeat, fields);
        var path = fields[2];
        fields.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        decoder.Decode(repeat, fields);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Same(HpackStaticTable.Get(HpackStaticTable.MethodPost).Name, fields[0].Name);
        Assert.Same(path.Value, fields[2].Value);
        Assert.Equal("/a.B/MethodName", fields[2].Value);
    }

    [Fact]
    public void Literal_values_are_octets_decoded_as_latin1()
    {
        // Literal without indexing, new name "x", value C3 A9 FF (not UTF-8 decoded).
        AssertDecodes(NewDecoder(), "00017803c3a9ff", [("x", "\u00C3\u00A9\u00FF")]);
    }

    [Fact]
    public void A_huffman_string_longer_than_the_stack_scratch_decodes()
    {
        var value = string.Concat(Enumerable.Repeat("application/grpc+proto;", 40));
        var encoded = HpackHuffmanTests.Encode(Encoding.Latin1.GetBytes(value));
        var block = new List<byte> { 0x04 }; // literal without indexing, name :path
        block.AddRange(IntegerBytes(encoded.Length, 7, 0x80));
        block.AddRange(encoded);

        var fields = new List<HpackHeaderField>();
        NewDecoder().Decode(block.ToArray(), fields);

        Assert.Equal(new HpackHeaderField(":path", value), Assert.Single(fields));
    }

    [Fact]
    public void Literals_not_indexed_are_decoded_once_per_distinct_octets()
    {
        var decoder = NewDecoder();
        var first = new List<HpackHeaderField>();
        var second = new List<HpackHeaderField>();
        // Without indexing (04: :path) and never indexed (1f08: authorization), Huffman-coded values.
        const string block = "048cf1e3c2e5f23a6ba0ab90f4ff" + "1f0886a8eb10649cbf";
        decoder.Decode(Convert.FromHexString(block), first);

        decoder.Decode(Convert.FromHexString(block), second);

        Assert.Equal([new(":path", "www.example.com"), new("authorization", "no-cache")], second);
        Assert.Same(first[0].Value, second[0].Value);
        Assert.Same(first[1].Value, second[1].Value);
    }

    [Fact]
    public void The_same_octets_raw_and_huffman_coded_are_different_strings()
    {
        // f1e3c2e5f23a6ba0ab90f4ff: "www.example.com" Huffman-coded; raw, the same octets are twelve Latin-1 characters.
        var raw = "040c" + "f1e3c2e5f23a6ba0ab90f4ff";
        var huffman = "048c" + "f1e3c2e5f23a6ba0ab90f4ff";
        var decoder = NewDecoder();

        AssertDecodes(decoder, raw + huffman + raw, [(":path", RawLatin1), (":path", "www.example.com"), (":path", RawLatin1)]);
    }

    [Fact]
    public void More_distinct_literals_than_the_cache_holds_all_decode_correctly()
    {
        var decoder = NewDecoder();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 40; i++)
                AssertDecodes(decoder, "0404" + Convert.ToHexString(Encoding.Latin1.GetBytes(Value(i)).Prepend((byte)'/').ToArray()), [(":path", "/" + Value(i))]);
        }
    }

    [Fact]
    public void A_literal_that_changes_on_every_request_does_not_push_out_the_repeated_ones()
    {
        // Per request: :path, te: trailers (new name) and a grpc-timeout value that differs every time, all without indexing.
        var decoder = NewDecoder();
        string Request(int i) => "040f2f612e422f4d6574686f644e616d65" + "00027465087472" + "61696c657273" +
            "000c677270632d74696d656f757404" + Convert.ToHexString(Encoding.Latin1.GetBytes($"{i:D3}m"));
        var first = new List<HpackHeaderField>();
        decoder.Decode(Convert.FromHexString(Request(0)), first);

        for (var i = 1; i <= 100; i++)
        {
            var fields = new List<HpackHeaderField>();
            decoder.Decode(Convert.FromHexString(Request(i)), fields);

            Assert.Equal([new(":path", "/a.B/MethodName"), new("te", "trailers"), new("grpc-timeout", $"{i:D3}m")], fields);
            Assert.Same(first[0].Value, fields[0].Value);
            Assert.Same(first[1].Name, fields[1].Name);
            Assert.Same(first[1].Value, fields[1].Value);
            Assert.Same(first[2].Name, fields[2].Name);
        }
    }

    private static readonly string RawLatin1 = Encoding.Latin1.GetString(Convert.FromHexString("f1e3c2e5f23a6ba0ab90f4ff"));

    [Fact]
    public void The_ring_buffer_keeps_the_newest_entries_in_order_through_growth_and_wrap_around()
    {
        // Entries "k" + "vNN": 1 + 3 + 32 = 36 octets; 200 octets hold 5 of them, so the newest moves around every slot.
        var decoder = new HpackDecoder(200, 16384);
        for (var i = 0; i < 30; i++)
        {
            AssertDecodes(decoder, LiteralWithIndexing(i), [("k", Value(i))]);

            var kept = Math.Min(i + 1, 5);
            AssertTable(decoder, kept * 36, Enumerable.Range(0, kept).Select(age => ("k", Value(i - age))).ToArray());
        }

        // Indexed references to dynamic indexes 62 (newest) and 66 (oldest).
        AssertDecodes(decoder, "bec2", [("k", Value(29)), ("k", Value(25))]);
    }

    [Fact]
    public void The_table_grows_past_its_first_capacity_without_losing_entries()
    {
        var decoder = NewDecoder();
        for (var i = 0; i < 20; i++)
            AssertDecodes(decoder, LiteralWithIndexing(i), [("k", Value(i))]);

        AssertTable(decoder, 20 * 36, Enumerable.Range(0, 20).Reverse().Select(i => ("k", Value(i))).ToArray());
    }

    [Fact]
    public void An_entry_larger_than_the_table_empties_it_and_is_not_added()
    {
        var decoder = new HpackDecoder(64, 16384);
        AssertDecodes(decoder, "40016b0176", [("k", "v")]);
        var large = new string('x', 40);

        AssertDecodes(decoder, "400178" + "28" + Convert.ToHexString(Encoding.Latin1.GetBytes(large)), [("x", large)]);

        AssertTable(decoder, 0, []);
    }

    [Fact]
    public void Size_updates_at_the_start_of_a_block_evict_and_bound_later_additions()
    {
        var decoder = NewDecoder();
        AssertDecodes(decoder, "828684410f7777772e6578616d706c652e636f6d", [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")]);

        // Two updates in a row (to 0, then to 100), then an indexed field.
        AssertDecodes(decoder, "203f4582", [(":method", "GET")]);

        Assert.Equal(100, decoder.DynamicTableMaxSize);
        AssertTable(decoder, 0, []);
    }

    [Fact]
    public void A_size_update_to_the_advertised_maximum_is_accepted()
    {
        var decoder = NewDecoder();

        decoder.Decode(IntegerBytes(4096, 5, 0x20), []);

        Assert.Equal(4096, decoder.DynamicTableMaxSize);
    }

    [Fact]
    public void A_header_list_at_the_limit_decodes_and_one_octet_over_it_is_reported()
    {
        // :method GET (42) + :scheme http (43) = 85.
        AssertDecodes(new HpackDecoder(4096, 85), "8286", [(":method", "GET"), (":scheme", "http")]);

        Assert.False(new HpackDecoder(4096, 84).Decode(Convert.FromHexString("8286"), []));
    }

    [Theory]
    [InlineData("80", "index 0")]
    [InlineData("be", "index 62")]
    [InlineData("8286c0", "index 64")]
    [InlineData("7f00", "index 63")] // literal with indexing, name index 63
    [InlineData("ff", "truncated")]
    [InlineData("ff8080", "truncated")]
    [InlineData("ff80ffffff07", "index 2147483647 is beyond")]
    [InlineData("ff81ffffff07", "exceeds 2147483647")] // 2^31
    [InlineData("ffffffffff0f", "exceeds 2147483647")]
    [InlineData("ff808080808080808000", "exceeds 2147483647")]
    [InlineData("0005616263", "runs past the end")]
    [InlineData("000361626303", "runs past the end")]
    [InlineData("00ffffffffff0f", "exceeds 2147483647")]
    [InlineData("0001", "runs past the end")]
    [InlineData("04", "string literal")]
    [InlineData("000178", "string literal")]
    [InlineData("048118", "padding is not all ones")] // 'a' (00011) then 000
    [InlineData("04821fff", "padding is at most 7 bits")] // 'a' then 11 ones
    [InlineData("0481ff", "padding is at most 7 bits")]
    [InlineData("0484ffffffff", "EOS")]
    [InlineData("0485ffffffff1f", "EOS")] // EOS followed by more bits
    [InlineData("3fe21f", "exceeds the advertised SETTINGS_HEADER_TABLE_SIZE of 4096")] // update to 4097
    [InlineData("8220", "only at the start of a header block")]
    public void Malformed_blocks_throw_naming_the_problem(string hex, string problem)
    {
        var exception = Assert.Throws<HpackException>(() => NewDecoder().Decode(Convert.FromHexString(hex), []));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_list_over_the_limit_is_reported_and_keeps_only_the_fields_within_it()
    {
        // :method GET (42) + :scheme http (43) + :path / (38) = 123 > 100.
        var fields = new List<HpackHeaderField>();

        Assert.False(new HpackDecoder(4096, 100).Decode(Convert.FromHexString("828684"), fields));
        Assert.Equal([new HpackHeaderField(":method", "GET"), new HpackHeaderField(":scheme", "http")], fields);
    }

    [Fact]
    public void A_block_over_the_limit_still_adds_its_entries_to_the_dynamic_table()
    {
        var decoder = new HpackDecoder(4096, 16384);
        var value = new string('v', 4000);
        var literal = new List<byte> { 0x40, 0x01, (byte)'k' };
        literal.AddRange(IntegerBytes(value.Length, 7, 0x00));
        literal.AddRange(Encoding.Latin1.GetBytes(value));
        Assert.True(decoder.Decode(literal.ToArray(), []));

        // Five references to the 4 KB entry exceed 16 KB; a second literal added past the limit must still be indexed.
        var overLimit = Enumerable.Repeat((byte)0xBE, 5).Concat(new byte[] { 0x40, 0x01, (byte)'n', 0x01, (byte)'1' }).ToArray();
        Assert.False(decoder.Decode(overLimit, []));
        var next = new List<HpackHeaderField>();
        Assert.True(decoder.Decode([0xBE, 0xBF], next)); // 62 = the newest entry, 63 = the one before it

        Assert.Equal([new HpackHeaderField("n", "1"), new HpackHeaderField("k", value)], next);
    }

    [Fact]
    public void Random_and_corrupted_blocks_decode_or_throw_HpackException_and_nothing_else()
    {
        // Any other exception (an index out of range, an overflow) escapes and fails the test.
        var random = new Random(7541);
        var recorded = new[] { HpackRecordedClientTests.GrpcJsFirst, HpackRecordedClientTests.GrpcJsSecond, HpackRecordedClientTests.DotNetHttpClient }
            .Select(Convert.FromHexString).ToArray();
        var decoder = new HpackDecoder(256, 4096);
        var fields = new List<HpackHeaderField>();
        var failures = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] block;
            if (i % 2 == 0)
            {
                block = new byte[random.Next(0, 48)];
                random.NextBytes(block);
            }
            else
            {
                // A recorded block with a few octets changed and perhaps cut short: deep paths with nearly valid input.
                var source = recorded[random.Next(recorded.Length)];
                block = source[..random.Next(source.Length / 2, source.Length + 1)];
                for (var change = random.Next(1, 4); change > 0 && block.Length > 0; change--)
                    block[random.Next(block.Length)] = (byte)random.Next(256);
                decoder = new HpackDecoder(4096, 16384);
            }
            fields.Clear();
            try
            {
                decoder.Decode(block, fields);
            }
            catch (HpackException)
            {
                failures++;
                decoder = new HpackDecoder(256, 4096);
            }
        }

        Assert.InRange(failures, 1, 19_999); // both outcomes were exercised
    }

    [Fact]
    public void Constructor_rejects_negative_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HpackDecoder(-1, 16384));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HpackDecoder(4096, 0));
    }

    /// <summary>A literal with incremental indexing of ("k", <see cref="Value"/>(<paramref name="i"/>)).</summary>
    private static string LiteralWithIndexing(int i) => "40016b03" + Convert.ToHexString(Encoding.Latin1.GetBytes(Value(i)));

    private static string Value(int i) => $"v{i:D2}";

    internal static byte[] IntegerBytes(int value, int prefixBits, byte flags)
    {
        var buffer = new byte[HpackInteger.MaxLength];
        return buffer[..HpackInteger.Write(buffer, value, prefixBits, flags)];
    }
}
