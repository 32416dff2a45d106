using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// Reads the single request message of a unary call from the HTTP/2 request body without copying it:
/// the payload is parsed straight from the pipe's buffer once the whole frame has arrived.
/// </summary>
internal static class GrpcFrameReader
{
    /// <exception cref="GrpcException">
    /// INTERNAL for a missing, truncated or repeated frame, or a compressed one (no compression is negotiated);
    /// RESOURCE_EXHAUSTED above <paramref name="maxMessageSize"/>; INVALID_ARGUMENT when the payload is not a <typeparamref name="T"/>.
    /// </exception>
    public static async ValueTask<T> ReadUnaryRequestAsync<T>(PipeReader reader, MessageParser<T> parser, int maxMessageSize, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        var result = await reader.ReadAtLeastAsync(GrpcFrame.HeaderLength, cancellationToken);
        var buffer = result.Buffer;
        if (buffer.Length < GrpcFrame.HeaderLength)
        {
            reader.AdvanceTo(buffer.End);
            throw new GrpcException(GrpcStatusCode.Internal, buffer.IsEmpty
                ? "The request has no message; a unary call takes exactly one."
                : $"Truncated gRPC frame: the request ended after {buffer.Length} of the {GrpcFrame.HeaderLength} header bytes.");
        }

        var length = ReadHeader(buffer, maxMessageSize, out var headerError);
        if (headerError is not null)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            throw headerError;
        }
        var frameLength = GrpcFrame.HeaderLength + length;
        if (buffer.Length < frameLength && !result.IsCompleted)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            result = await reader.ReadAtLeastAsync(frameLength, cancellationToken);
            buffer = result.Buffer;
        }
        if (buffer.Length < frameLength)
        {
            reader.AdvanceTo(buffer.End);
            throw new GrpcException(GrpcStatusCode.Internal,
                $"Truncated gRPC frame: the request ended after {buffer.Length - GrpcFrame.HeaderLength} of the {length} message bytes its header announced.");
        }

        T message;
        try
        {
            message = parser.ParseFrom(buffer.Slice(GrpcFrame.HeaderLength, length));
        }
        catch (InvalidProtocolBufferException e)
        {
            reader.AdvanceTo(buffer.End);
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"The request is not a valid {new T().Descriptor.FullName}: {e.Message}");
        }
        var moreData = buffer.Length > frameLength;
        reader.AdvanceTo(buffer.GetPosition(frameLength));
        if (!moreData && !result.IsCompleted)
        {
            // The client half-closes after its one message; anything else before the end is a second frame.
            var rest = await reader.ReadAsync(cancellationToken);
            moreData = !rest.Buffer.IsEmpty;
            reader.AdvanceTo(rest.Buffer.End);
        }
        if (moreData)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "The request has more than one message; a unary call takes exactly one.");
        }
        return message;
    }

    private static int ReadHeader(ReadOnlySequence<byte> buffer, int maxMessageSize, out GrpcException? error)
    {
        Span<byte> header = stackalloc byte[GrpcFrame.HeaderLength];
        buffer.Slice(0, GrpcFrame.HeaderLength).CopyTo(header);
        var length = GrpcFrame.ReadHeader(header, out var flag);
        error = flag switch
        {
            GrpcFrame.UncompressedFlag when length > (uint)maxMessageSize => new GrpcException(GrpcStatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxMessageSize}); raise Gateway:Grpc:MaxReceiveMessageSize to accept it."),
            GrpcFrame.UncompressedFlag => null,
            GrpcFrame.CompressedFlag => new GrpcException(GrpcStatusCode.Internal,
                $"The request message is compressed, but no {GrpcFrame.EncodingHeader} was negotiated; this server accepts {GrpcFrame.IdentityEncoding} only."),
            _ => new GrpcException(GrpcStatusCode.Internal, $"Invalid gRPC frame flag {flag}; only 0 (uncompressed) and 1 (compressed) exist."),
        };
        return (int)Math.Min(length, (uint)int.MaxValue);
    }
}
