using System.Buffers.Binary;

namespace OrleansVector.Gateway.Http2;

/// <summary>A frame's 9-byte header, read.</summary>
public readonly record struct Http2FrameHeader(int PayloadLength, Http2FrameType Type, Http2FrameFlags Flags, int StreamId)
{
    public static Http2FrameHeader Read(ReadOnlySpan<byte> header) => new(
        (header[0] << 16) | (header[1] << 8) | header[2],
        (Http2FrameType)header[3],
        (Http2FrameFlags)header[4],
        BinaryPrimitives.ReadInt32BigEndian(header[5..Http2Frame.HeaderLength]) & int.MaxValue);

    public bool Has(Http2FrameFlags flag) => (Flags & flag) != 0;
}
