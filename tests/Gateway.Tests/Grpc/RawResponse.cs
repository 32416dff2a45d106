using System.Buffers;
using System.Globalization;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>What the server sent on one stream, as <see cref="RawHttp2Client"/> collected it: header blocks, data, a reset.</summary>
internal sealed class RawResponse(int streamId)
{
    private readonly ArrayBufferWriter<byte> _body = new();

    public int StreamId { get; } = streamId;

    /// <summary>The first header block (the response headers, or the whole response when Trailers-Only).</summary>
    public List<HpackHeaderField>? Headers { get; private set; }

    /// <summary>The second header block, which ended the stream after the data.</summary>
    public List<HpackHeaderField>? Trailers { get; private set; }

    /// <summary>The payload length of every DATA frame, in arrival order.</summary>
    public List<int> DataFrames { get; } = [];

    public ReadOnlySpan<byte> Body => _body.WrittenSpan;

    /// <summary>The error code of a RST_STREAM the server sent, if any.</summary>
    public Http2ErrorCode? Reset { get; private set; }

    /// <summary>True once END_STREAM arrived or the stream was reset.</summary>
    public bool Ended { get; private set; }

    /// <summary>grpc-status from the trailers, or from the headers of a Trailers-Only response.</summary>
    public GrpcStatusCode? Status =>
        Value(Trailers ?? Headers, GrpcFrame.StatusHeader) is { } status ? (GrpcStatusCode)int.Parse(status, CultureInfo.InvariantCulture) : null;

    public void OnHeaderBlock(List<HpackHeaderField> fields, bool endStream)
    {
        Assert.False(Ended, $"A header block arrived on stream {StreamId} after it ended.");
        if (Headers is null)
        {
            Headers = fields;
        }
        else
        {
            Assert.True(Trailers is null, $"Stream {StreamId} got a third header block.");
            Trailers = fields;
        }
        Ended = endStream;
    }

    public void OnData(ReadOnlySpan<byte> data, bool endStream)
    {
        Assert.False(Ended, $"DATA arrived on stream {StreamId} after it ended.");
        Assert.True(Headers is not null, $"DATA arrived on stream {StreamId} before its headers.");
        DataFrames.Add(data.Length);
        _body.Write(data);
        Ended = endStream;
    }

    public void OnReset(Http2ErrorCode error)
    {
        Reset = error;
        Ended = true;
    }

    /// <summary>The value of header <paramref name="name"/> in the first header block.</summary>
    public string? Header(string name) => Value(Headers, name);

    /// <summary>The one response message of a successful call: 200, gRPC content type, a body of one frame, grpc-status 0 in trailers.</summary>
    public T Message<T>(MessageParser<T> parser) where T : IMessage<T>
    {
        Assert.Null(Reset);
        Assert.Equal("200", Header(":status"));
        Assert.Equal(GrpcFrame.ContentType, Header("content-type"));
        Assert.True(Trailers is not null, $"Stream {StreamId} ended without trailers (grpc-status {Status}).");
        Assert.Equal(GrpcStatusCode.Ok, Status);
        return GrpcFrame.ParseSingle(parser, Body);
    }

    private static string? Value(List<HpackHeaderField>? fields, string name) => fields?.Find(f => f.Name == name).Value;
}
