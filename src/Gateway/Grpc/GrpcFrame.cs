namespace OrleansVector.Gateway.Grpc;

/// <summary>Constants of gRPC's HTTP/2 mapping: each message is a 5-byte header (compressed flag, big-endian length) plus the payload.</summary>
public static class GrpcFrame
{
    public const int HeaderLength = 5;
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>The only message encoding this server reads and writes.</summary>
    public const string IdentityEncoding = "identity";
}
