namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// The body of a unary request: exactly one uncompressed gRPC frame. Its header is checked as soon as it arrives, so an
/// oversized message is refused before it is buffered; the whole body is checked once it has ended.
/// </summary>
internal static class GrpcRequestBody
{
    /// <summary>The message length the frame header announces, or the status that refuses the call.</summary>
    public static GrpcException? CheckHeader(ReadOnlySpan<byte> header, int maxMessageSize, out int length)
    {
        var announced = GrpcFrame.ReadHeader(header, out var flag);
        length = (int)Math.Min(announced, (uint)int.MaxValue);
        return flag switch
        {
            GrpcFrame.UncompressedFlag when announced > (uint)maxMessageSize => new GrpcException(GrpcStatusCode.ResourceExhausted,
                $"Received message larger than max ({announced} vs. {maxMessageSize}); raise Gateway:Grpc:MaxReceiveMessageSize to accept it."),
            GrpcFrame.UncompressedFlag => null,
            GrpcFrame.CompressedFlag => new GrpcException(GrpcStatusCode.Internal,
                $"The request message is compressed, but no {GrpcFrame.EncodingHeader} was negotiated; this server accepts {GrpcFrame.IdentityEncoding} only."),
            _ => new GrpcException(GrpcStatusCode.Internal, $"Invalid gRPC frame flag {flag}; only 0 (uncompressed) and 1 (compressed) exist."),
        };
    }

    /// <summary>The refusal for a body already longer than its one frame.</summary>
    public static GrpcException MoreThanOneMessage() =>
        new(GrpcStatusCode.Internal, "The request has more than one message; a unary call takes exactly one.");

    /// <summary>The message of a complete body.</summary>
    /// <exception cref="GrpcException">INTERNAL for a missing, truncated, repeated or compressed frame; RESOURCE_EXHAUSTED above the limit.</exception>
    public static ReadOnlyMemory<byte> SingleMessage(ReadOnlyMemory<byte> body, int maxMessageSize)
    {
        if (body.Length < GrpcFrame.HeaderLength)
        {
            throw new GrpcException(GrpcStatusCode.Internal, body.IsEmpty
                ? "The request has no message; a unary call takes exactly one."
                : $"Truncated gRPC frame: the request ended after {body.Length} of the {GrpcFrame.HeaderLength} header bytes.");
        }
        if (CheckHeader(body.Span, maxMessageSize, out var length) is { } refusal)
        {
            throw refusal;
        }
        var carried = body.Length - GrpcFrame.HeaderLength;
        if (carried < length)
        {
            throw new GrpcException(GrpcStatusCode.Internal,
                $"Truncated gRPC frame: the request ended after {carried} of the {length} message bytes its header announced.");
        }
        return carried > length ? throw MoreThanOneMessage() : body[GrpcFrame.HeaderLength..];
    }
}
