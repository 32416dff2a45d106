using Google.Protobuf;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// How a call ends: a response message with grpc-status 0, a gRPC status without a message, or, for a request that is
/// not gRPC at all, a bare HTTP status.
/// </summary>
public readonly record struct GrpcResult(GrpcStatusCode Status, string? StatusMessage, IMessage? Response, int ResponseSize, int HttpStatus)
{
    public static GrpcResult Success(IMessage response, int size) => new(GrpcStatusCode.Ok, null, response, size, 200);

    public static GrpcResult Failure(GrpcStatusCode status, string message) => new(status, message, null, 0, 200);

    /// <summary>A response without gRPC status (415 for a content type that is not gRPC, 405 for a method other than POST).</summary>
    public static GrpcResult NotGrpc(int httpStatus) => new(GrpcStatusCode.Unknown, null, null, 0, httpStatus);
}
