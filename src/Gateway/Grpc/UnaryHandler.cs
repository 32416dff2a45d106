namespace OrleansVector.Gateway.Grpc;

/// <summary>Serves one unary gRPC method.</summary>
public delegate ValueTask<TResponse> UnaryHandler<in TRequest, TResponse>(TRequest request, GrpcCallContext context);
