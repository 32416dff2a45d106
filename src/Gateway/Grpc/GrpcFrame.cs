using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// gRPC's HTTP/2 mapping: each message is a 5-byte header (compressed flag, big-endian length) plus the payload. The one
/// place that writes and reads that header, for the server and for the clients of the bench and the tests.
/// </summary>
public static class GrpcFrame
{
    public const int HeaderLength = 5;
    public const byte UncompressedFlag = 0;
    public const byte CompressedFlag = 1;
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>The only message encoding this server reads and writes.</summary>
    public const string IdentityEncoding = "identity";

    /// <summary>Writes a header announcing <paramref name="length"/> payload bytes into the first 5 bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, uint length, byte flag = UncompressedFlag)
    {
        destination[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..HeaderLength], length);
    }

    /// <summary>The flag and the announced payload length of the header in the first 5 bytes of <paramref name="header"/>.</summary>
    public static uint ReadHeader(ReadOnlySpan<byte> header, out byte flag)
    {
        flag = header[0];
        return BinaryPrimitives.ReadUInt32BigEndian(header[1..HeaderLength]);
    }

    /// <summary>Writes <paramref name="message"/>, whose size is <paramref name="size"/>, as one uncompressed frame.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int size)
    {
        WriteHeader(writer.GetSpan(HeaderLength), (uint)size);
        writer.Advance(HeaderLength);
        message.WriteTo(writer);
    }

    /// <summary><paramref name="message"/> as one uncompressed frame.</summary>
    public static byte[] ToArray(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderLength + size];
        WriteHeader(frame, (uint)size);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>Parses the one uncompressed message of a unary call's body (a client reading its response).</summary>
    /// <exception cref="InvalidDataException">The body is not exactly one uncompressed frame (cut short, compressed, or followed by more bytes).</exception>
    public static T ParseSingle<T>(MessageParser<T> parser, ReadOnlySpan<byte> body) where T : IMessage<T>
    {
        if (body.Length < HeaderLength)
        {
            throw new InvalidDataException($"The gRPC body has {body.Length} bytes, fewer than the {HeaderLength} of a frame header.");
        }
        var length = ReadHeader(body, out var flag);
        if (flag != UncompressedFlag)
        {
            throw new InvalidDataException($"The gRPC message has flag {flag}; only uncompressed messages ({IdentityEncoding}) are read.");
        }
        if (length != (uint)(body.Length - HeaderLength))
        {
            throw new InvalidDataException($"The gRPC frame announces {length} message bytes but the body carries {body.Length - HeaderLength}; a unary call has exactly one message.");
        }
        return parser.ParseFrom(body[HeaderLength..]);
    }
}
