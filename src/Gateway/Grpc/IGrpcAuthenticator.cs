namespace OrleansVector.Gateway.Grpc;

/// <summary>Checks the caller of a served gRPC method before its request is parsed; a refused call ends with UNAUTHENTICATED.</summary>
public interface IGrpcAuthenticator
{
    /// <summary>null when the call may proceed (its <see cref="GrpcCallContext.User"/> then set), else why it may not (sent as grpc-message).</summary>
    ValueTask<string?> AuthenticateAsync(GrpcCallContext call);
}
