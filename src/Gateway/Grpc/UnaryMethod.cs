using Google.Protobuf;

namespace OrleansVector.Gateway.Grpc;

/// <summary>A unary method with typed request and response; the parser is made once, not per call.</summary>
internal sealed class UnaryMethod<TRequest, TResponse>(string path, UnaryHandler<TRequest, TResponse> handler) : IGrpcMethod
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());

    public string Path { get; } = path;

    public async Task InvokeAsync(GrpcCallContext context, GrpcServerOptions options)
    {
        var request = await GrpcFrameReader.ReadUnaryRequestAsync(
            context.HttpContext.Request.BodyReader, Parser, options.MaxReceiveMessageSize, context.CancellationToken);
        var response = await handler(request, context);
        GrpcResponseWriter.WriteMessage(context.HttpContext.Response, response, options.MaxSendMessageSize);
    }
}
