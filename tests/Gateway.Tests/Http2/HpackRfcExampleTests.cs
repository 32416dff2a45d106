using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Http2;

/// <summary>RFC 7541 Appendix C: the header blocks, the header lists they decode to, and the dynamic table after each.</summary>
public sealed class HpackRfcExampleTests
{
    private static readonly (string Name, string Value)[] Request1 =
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")];

    private static readonly (string Name, string Value)[] Request2 =
        [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")];

    private static readonly (string Name, string Value)[] Request3 =
        [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")];

    private const string Date21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private const string Date22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private const string Cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    private static readonly (string Name, string Value)[] Response1 =
        [(":status", "302"), ("cache-control", "private"), ("date", Date21), ("location", "https://www.example.com")];

    private static readonly (string Name, string Value)[] Response2 =
        [(":status", "307"), ("cache-control", "private"), ("date", Date21), ("location", "https://www.example.com")];

    private static readonly (string Name, string Value)[] Response3 =
        [(":status", "200"), ("cache-control", "private"), ("date", Date22), ("location", "https://www.example.com"),
         ("content-encoding", "gzip"), ("set-cookie", Cookie)];

    [Fact]
    public void C2_1_literal_with_indexing_adds_to_the_dynamic_table()
    {
        var decoder = NewDecoder();

        AssertDecodes(decoder, "400a637573746f6d2d6b65790d637573746f6d2d686561646572", [("custom-key", "custom-header")]);

        AssertTable(decoder, 55, [("custom-key", "custom-header")]);
    }

    [Fact]
    public void C2_2_literal_without_indexing_leaves_the_table_empty()
    {
        var decoder = NewDecoder();

        AssertDecodes(decoder, "040c2f73616d706c652f70617468", [(":path", "/sample/path")]);

        AssertTable(decoder, 0, []);
    }

    [Fact]
    public void C2_3_literal_never_indexed_leaves_the_table_empty()
    {
        var decoder = NewDecoder();

        AssertDecodes(decoder, "100870617373776f726406736563726574", [("password", "secret")]);

        AssertTable(decoder, 0, []);
    }

    [Fact]
    public void C2_4_indexed_field_is_the_static_entry_itself()
    {
        var decoder = NewDecoder();
        var fields = new List<HpackHeaderField>();

        decoder.Decode(Convert.FromHexString("82"), fields);

        Assert.Equal(new HpackHeaderField(":method", "GET"), Assert.Single(fields));
        Assert.Same(HpackStaticTable.Get(2).Value, fields[0].Value);
        AssertTable(decoder, 0, []);
    }

    [Theory]
    // C.3: without Huffman coding; C.4: the same requests with it.
    [InlineData("828684410f7777772e6578616d706c652e636f6d", "828684be58086e6f2d6361636865",
        "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565")]
    [InlineData("828684418cf1e3c2e5f23a6ba0ab90f4ff", "828684be5886a8eb10649cbf",
        "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf")]
    public void C3_and_C4_requests_share_one_dynamic_table(string first, string second, string third)
    {
        var decoder = NewDecoder();

        AssertDecodes(decoder, first, Request1);
        AssertTable(decoder, 57, [(":authority", "www.example.com")]);

        AssertDecodes(decoder, second, Request2);
        AssertTable(decoder, 110, [("cache-control", "no-cache"), (":authority", "www.example.com")]);

        AssertDecodes(decoder, third, Request3);
        AssertTable(decoder, 164, [("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com")]);
    }

    [Theory]
    // C.5: without Huffman coding; C.6: the same responses with it.
    [InlineData(
        "4803333032580770726976617465611d4d6f6e2c203231204f63742032303133" +
        "2032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
        "4803333037c1c0bf",
        "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d" +
        "54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f5049" +
        "5541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31")]
    [InlineData(
        "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a6" +
        "2d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
        "4883640effc1c0bf",
        "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab" +
        "77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f" +
        "9587316065c003ed4ee5b1063d5007")]
    public void C5_and_C6_responses_evict_the_oldest_entries_from_a_256_octet_table(string first, string second, string third)
    {
        var decoder = new HpackDecoder(256, 16384);

        AssertDecodes(decoder, first, Response1);
        AssertTable(decoder, 222,
            [("location", "https://www.example.com"), ("date", Date21), ("cache-control", "private"), (":status", "302")]);

        AssertDecodes(decoder, second, Response2);
        AssertTable(decoder, 222,
            [(":status", "307"), ("location", "https://www.example.com"), ("date", Date21), ("cache-control", "private")]);

        AssertDecodes(decoder, third, Response3);
        AssertTable(decoder, 215, [("set-cookie", Cookie), ("content-encoding", "gzip"), ("date", Date22)]);
    }

    internal static HpackDecoder NewDecoder() => new(4096, 16384);

    internal static void AssertDecodes(HpackDecoder decoder, string hex, (string Name, string Value)[] expected)
    {
        var fields = new List<HpackHeaderField>();
        Assert.True(decoder.Decode(Convert.FromHexString(hex), fields));
        Assert.Equal(expected, fields.Select(field => (field.Name, field.Value)));
    }

    internal static void AssertTable(HpackDecoder decoder, int size, (string Name, string Value)[] newestFirst)
    {
        Assert.Equal(size, decoder.DynamicTableSize);
        Assert.Equal(newestFirst, Enumerable.Range(1, decoder.DynamicTableCount)
            .Select(index => decoder.DynamicTableEntry(index))
            .Select(entry => (entry.Name, entry.Value)));
    }
}
