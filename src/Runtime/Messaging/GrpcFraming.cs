using System.Buffers.Binary;
using Google.Protobuf;

namespace OrleansVector.Runtime.Messaging;

/// <summary>gRPC length-prefixed framing: a compression flag byte (always 0 here), a big-endian length, the message.</summary>
internal static class GrpcFraming
{
    public const int PrefixSize = 5;
    public const string ContentType = "application/grpc";

    public static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var buffer = new byte[PrefixSize + size];
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), size);
        message.WriteTo(buffer.AsSpan(PrefixSize));
        return buffer;
    }

    /// <summary>Parses one framed message, checking the frame against <paramref name="maxSize"/> and the bytes received.</summary>
    public static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> frame, int maxSize, string what) where T : IMessage<T>
    {
        if (frame.Length < PrefixSize)
        {
            throw new InvalidDataException($"{what}: {frame.Length} bytes is shorter than a gRPC frame prefix.");
        }
        if (frame[0] != 0)
        {
            throw new InvalidDataException($"{what}: compressed gRPC frames are not supported.");
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(frame[1..]);
        if (length < 0 || length > maxSize)
        {
            throw new InvalidDataException($"{what}: a message of {length} bytes exceeds the limit of {maxSize} bytes.");
        }
        if (frame.Length - PrefixSize != length)
        {
            throw new InvalidDataException($"{what}: the frame announces {length} bytes but carries {frame.Length - PrefixSize}.");
        }
        return parser.ParseFrom(frame[PrefixSize..]);
    }
}
