using System.Buffers;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Malformed requests (RFC 9113 8.1.1) are a stream error PROTOCOL_ERROR; the connection serves on.</summary>
public sealed class Http2MalformedRequestTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Theory]
    [InlineData("an uppercase field name")]
    [InlineData("a pseudo-header after a regular field")]
    [InlineData("no :scheme")]
    [InlineData("no :path")]
    [InlineData("two :path")]
    [InlineData("an unknown pseudo-header")]
    [InlineData("a response pseudo-header")]
    [InlineData("a connection-specific field")]
    [InlineData("te other than trailers")]
    [InlineData("content-length unlike the data")]
    public void A_malformed_request_is_reset_with_protocol_error(string malformation)
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var block = new ArrayBufferWriter<byte>();
        if (malformation == "an unknown pseudo-header")
        {
            HpackEncoder.WriteLiteral(block, ":foo", "bar");
        }
        HpackEncoder.WriteIndexed(block, HpackStaticTable.MethodPost);
        if (malformation != "no :scheme")
        {
            HpackEncoder.WriteIndexed(block, HpackStaticTable.SchemeHttp);
        }
        if (malformation != "no :path")
        {
            HpackEncoder.WriteLiteral(block, HpackStaticTable.Path, MilvusCalls.GetVersion);
        }
        HpackEncoder.WriteLiteral(block, HpackStaticTable.ContentType, GrpcFrame.ContentType);
        switch (malformation)
        {
            case "an uppercase field name": HpackEncoder.WriteLiteral(block, "X-Upper", "1"); break;
            case "a pseudo-header after a regular field": HpackEncoder.WriteLiteral(block, HpackStaticTable.Authority, "localhost"); break;
            case "two :path": HpackEncoder.WriteLiteral(block, HpackStaticTable.Path, MilvusCalls.GetVersion); break;
            case "a response pseudo-header": HpackEncoder.WriteIndexed(block, HpackStaticTable.Status200); break;
            case "a connection-specific field": HpackEncoder.WriteLiteral(block, "connection", "keep-alive"); break;
            case "te other than trailers": HpackEncoder.WriteLiteral(block, "te", "gzip"); break;
            case "content-length unlike the data": HpackEncoder.WriteLiteral(block, "content-length", "1"); break;
        }

        client.SendHeaders(1, block.WrittenSpan, endStream: false);
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: true);
        var malformed = client.ReadResponse(1);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        Assert.Equal(Http2ErrorCode.ProtocolError, malformed.Reset);
        Assert.Null(malformed.Headers);
        MilvusCalls.AssertVersion(client.ReadResponse(3));
    }
}
