namespace OrleansVector.Gateway.Grpc;

/// <summary>Ends a call with a gRPC status other than OK; the message becomes grpc-message.</summary>
public sealed class GrpcException(GrpcStatusCode statusCode, string message) : Exception(message)
{
    public GrpcStatusCode StatusCode { get; } = statusCode;
}
