using Google.Protobuf;

namespace OrleansVector.Gateway.Grpc;

/// <summary>A unary method with typed request and response; the parser is made once, not per call.</summary>
internal sealed class UnaryMethod<TRequest, TResponse>(string path, UnaryHandler<TRequest, TResponse> handler) : IGrpcMethod
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());

    public string Path { get; } = path;

    public ValueTask<IMessage> InvokeAsync(ReadOnlyMemory<byte> message, GrpcCallContext context)
    {
        TRequest request;
        try
        {
            request = Parser.ParseFrom(message.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"The request is not a valid {new TRequest().Descriptor.FullName}: {e.Message}");
        }
        var response = handler(request, context);
        // A handler that finished without waiting (most searches) costs no state machine here.
        return response.IsCompletedSuccessfully ? new ValueTask<IMessage>(response.Result) : Awaited(response);
    }

    private static async ValueTask<IMessage> Awaited(ValueTask<TResponse> response) => await response;
}
