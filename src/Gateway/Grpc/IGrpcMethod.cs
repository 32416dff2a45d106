namespace OrleansVector.Gateway.Grpc;

/// <summary>A served method: parses its request message, runs its handler and returns the response message.</summary>
public interface IGrpcMethod
{
    /// <summary>"/package.Service/Method", the HTTP/2 path clients call.</summary>
    string Path { get; }

    /// <exception cref="GrpcException">INVALID_ARGUMENT when <paramref name="message"/> is not the method's request type.</exception>
    ValueTask<Google.Protobuf.IMessage> InvokeAsync(ReadOnlyMemory<byte> message, GrpcCallContext context);
}
