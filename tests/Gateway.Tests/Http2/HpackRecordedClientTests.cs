using OrleansVector.Gateway.Http2;
using static OrleansVector.Gateway.Tests.Http2.HpackRfcExampleTests;

namespace OrleansVector.Gateway.Tests.Http2;

/// <summary>
/// Header blocks recorded from the clients that talk to the gateway (HEADERS payloads read off the socket by a bare
/// TCP listener): two unary calls on one connection each. grpc-js 1.14.7 on Node 20 (nghttp2) Huffman-codes, indexes
/// most fields, and sends :path without indexing and authorization never indexed on every call; .NET 10 HttpClient
/// sends raw literals without indexing.
/// </summary>
public sealed class HpackRecordedClientTests
{
    internal const string GrpcJsFirst =
        "418b089d5c0b8170dc65b644ff83049e629351ded42f5d8749d7a4d477b50be8351ded46e2d9dcc42b1b8a3b093f861f088d252ff792" +
        "fd7a47cbc8a4fcd1074085923a87497f8590b28eda13408e9acac8b0c842d6958b510f21aa9b903485a9264fafa90b2d03497ea6f66a" +
        "ff50863485a9264faf40899acac8b24d494f6a7f8513efbccd3f7a8e9acac8b54790ab7443015c2d2eef5f8b1d75d0620d263d4c4d65" +
        "6440027465864d833505b11f";

    internal const string GrpcJsSecond =
        "c583049e629351ded42f5d8749d7a4d477b50be8351ded46e2d9dcc42b1b8a3b093f861f088d252ff792fd7a47cbc8a4fcd107c4c3c2" +
        "7f028513efbefd3fc1c0bf";

    internal const string DotNetHttpClient =
        "8386010f3132372e302e302e313a343436373104292f6d696c7675732e70726f746f2e6d696c7675732e4d696c767573536572766963" +
        "652f5365617263680002746508747261696c6572730f0810636d39766444704e6157783264584d3d000c677270632d74696d656f7574" +
        "033330530f10106170706c69636174696f6e2f677270630f0d0135";

    private const string Path = "/milvus.proto.milvus.MilvusService/Search";
    private const string Authorization = "cm9vdDpNaWx2dXM="; // root:Milvus

    [Fact]
    public void Grpc_js_calls_decode_and_the_second_refers_to_the_first_ones_entries()
    {
        var decoder = NewDecoder();

        AssertDecodes(decoder, GrpcJsFirst, GrpcJsRequest("29983m"));
        AssertDecodes(decoder, GrpcJsSecond, GrpcJsRequest("29999m"));
    }

    [Fact]
    public void Grpc_js_literals_repeated_on_every_call_come_back_as_the_same_strings()
    {
        var decoder = NewDecoder();
        var first = new List<HpackHeaderField>();
        var second = new List<HpackHeaderField>();
        decoder.Decode(Convert.FromHexString(GrpcJsFirst), first);

        decoder.Decode(Convert.FromHexString(GrpcJsSecond), second);

        Assert.Same(Value(first, ":path"), Value(second, ":path"));
        Assert.Same(Value(first, "authorization"), Value(second, "authorization"));
    }

    [Fact]
    public void A_repeated_dotnet_http_client_block_decodes_without_allocating()
    {
        var decoder = NewDecoder();
        var block = Convert.FromHexString(DotNetHttpClient);
        var fields = new List<HpackHeaderField>(16);
        AssertDecodes(decoder, DotNetHttpClient,
        [
            (":method", "POST"), (":scheme", "http"), (":authority", "127.0.0.1:44671"), (":path", Path), ("te", "trailers"),
            ("authorization", Authorization), ("grpc-timeout", "30S"), ("content-type", "application/grpc"), ("content-length", "5"),
        ]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        decoder.Decode(block, fields);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(9, fields.Count);
        Assert.Equal(0, decoder.DynamicTableCount);
    }

    private static (string Name, string Value)[] GrpcJsRequest(string timeout) =>
    [
        (":authority", "127.0.0.1:35329"), (":method", "POST"), (":path", Path), (":scheme", "http"),
        ("authorization", Authorization), ("dbname", "default"), ("grpc-accept-encoding", "identity,deflate,gzip"),
        ("accept-encoding", "identity"), ("grpc-timeout", timeout), ("user-agent", "grpc-node-js/1.14.7"),
        ("content-type", "application/grpc"), ("te", "trailers"),
    ];

    private static string Value(List<HpackHeaderField> fields, string name) => fields.Single(field => field.Name == name).Value;
}
