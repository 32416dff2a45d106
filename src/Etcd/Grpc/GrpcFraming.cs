using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace OrleansVector.Etcd.Grpc;

/// <summary>gRPC length-prefixed messages: one flag byte (0 = uncompressed), a big-endian length, the protobuf bytes.</summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>One message with its 5-byte prefix.</summary>
    public static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>The next message, or null at a clean end of the stream.</summary>
    public static async ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, int maxMessageBytes, string method, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var header = ArrayPool<byte>.Shared.Rent(HeaderSize);
        try
        {
            var read = await stream.ReadAtLeastAsync(header.AsMemory(0, HeaderSize), HeaderSize, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                return null;
            }
            if (read < HeaderSize)
            {
                throw EtcdException.From(EtcdStatusCode.Internal, method, $"stream ended inside a message header ({read} of {HeaderSize} bytes)");
            }
            if (header[0] != 0)
            {
                throw EtcdException.From(EtcdStatusCode.Internal, method, "compressed message received, but none was negotiated");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1, 4));
            if (length > (uint)maxMessageBytes)
            {
                throw EtcdException.From(EtcdStatusCode.ResourceExhausted, method, $"message of {length} bytes exceeds MaxReceiveMessageBytes = {maxMessageBytes}");
            }
            var body = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                await stream.ReadExactlyAsync(body.AsMemory(0, (int)length), cancellationToken);
                return parser.ParseFrom(body, 0, (int)length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
        catch (EndOfStreamException e)
        {
            throw EtcdException.From(EtcdStatusCode.Unavailable, method, "stream ended inside a message", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }
}
