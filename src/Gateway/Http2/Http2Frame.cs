using System.Buffers;
using System.Buffers.Binary;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// The HTTP/2 frame layout (RFC 9113 section 4.1): a 9-byte header (24-bit length, type, flags, 31-bit stream id) and
/// the payload. The one place that reads and writes it, for the server and the bench's client.
/// </summary>
public static class Http2Frame
{
    public const int HeaderLength = 9;

    /// <summary>The flow-control window and the largest frame payload every peer starts with.</summary>
    public const int DefaultWindowSize = 65_535;
    public const int DefaultMaxFrameSize = 16_384;

    /// <summary>The largest flow-control window and the largest frame size HTTP/2 allows.</summary>
    public const int MaxWindowSize = int.MaxValue;
    public const int MaxAllowedFrameSize = (1 << 24) - 1;

    /// <summary>What a client sends first on a connection, before its SETTINGS frame.</summary>
    public static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Writes a frame header and <paramref name="payload"/>.</summary>
    public static void Write(IBufferWriter<byte> output, Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        WriteHeader(output.GetSpan(HeaderLength), payload.Length, type, flags, streamId);
        output.Advance(HeaderLength);
        output.Write(payload);
    }

    public static void WriteHeader(Span<byte> destination, int payloadLength, Http2FrameType type, Http2FrameFlags flags, int streamId)
    {
        destination[0] = (byte)(payloadLength >> 16);
        destination[1] = (byte)(payloadLength >> 8);
        destination[2] = (byte)payloadLength;
        destination[3] = (byte)type;
        destination[4] = (byte)flags;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..HeaderLength], streamId & int.MaxValue);
    }

    /// <summary>A WINDOW_UPDATE frame granting <paramref name="increment"/> more bytes.</summary>
    public static void WriteWindowUpdate(IBufferWriter<byte> output, int streamId, int increment)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, increment);
        Write(output, Http2FrameType.WindowUpdate, Http2FrameFlags.None, streamId, payload);
    }

    /// <summary>One SETTINGS parameter (6 bytes) into <paramref name="destination"/>.</summary>
    public static void WriteSetting(Span<byte> destination, Http2Setting setting, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)setting);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], value);
    }

    /// <summary>The payload without its padding (a Padded flag on DATA or HEADERS).</summary>
    /// <exception cref="Http2ConnectionException">PROTOCOL_ERROR when the padding is as long as the payload or longer.</exception>
    public static ReadOnlySpan<byte> Unpad(Http2FrameFlags flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & Http2FrameFlags.Padded) == 0)
        {
            return payload;
        }
        if (payload.IsEmpty || payload[0] >= payload.Length)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "A padded frame's padding is as long as its payload or longer.");
        }
        return payload[1..(payload.Length - payload[0])];
    }
}
