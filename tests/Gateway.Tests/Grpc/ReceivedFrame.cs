using System.Buffers.Binary;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>A frame the test client received, its payload copied (the reader reuses its buffer for the next frame).</summary>
internal sealed record ReceivedFrame(Http2FrameHeader Header, byte[] Payload)
{
    public Http2FrameType Type => Header.Type;

    public int StreamId => Header.StreamId;

    public bool Has(Http2FrameFlags flag) => Header.Has(flag);

    /// <summary>The error code of a RST_STREAM (its whole payload) or a GOAWAY (after the last stream id).</summary>
    public Http2ErrorCode ErrorCode => Type switch
    {
        Http2FrameType.RstStream => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload),
        Http2FrameType.GoAway => (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(4)),
        _ => throw new InvalidOperationException($"A {Type} frame carries no error code."),
    };

    /// <summary>The last stream id a GOAWAY says the server processed.</summary>
    public int LastStreamId => Type == Http2FrameType.GoAway
        ? BinaryPrimitives.ReadInt32BigEndian(Payload) & int.MaxValue
        : throw new InvalidOperationException($"A {Type} frame carries no last stream id.");

    public override string ToString() => $"{Type} stream {StreamId} flags {Header.Flags} ({Payload.Length} bytes)";
}
