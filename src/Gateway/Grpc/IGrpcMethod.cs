namespace OrleansVector.Gateway.Grpc;

/// <summary>A served method: reads its request frame, runs its handler and writes the response frame.</summary>
public interface IGrpcMethod
{
    /// <summary>"/package.Service/Method", the HTTP/2 path clients call.</summary>
    string Path { get; }

    Task InvokeAsync(GrpcCallContext context, GrpcServerOptions options);
}
