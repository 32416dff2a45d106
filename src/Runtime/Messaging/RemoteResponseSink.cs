using Google.Protobuf;
using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Messaging;

/// <summary>The outcome of a request that came from another silo or a client: becomes the HTTP/2 response.</summary>
internal sealed class RemoteResponseSink : IResponseSink
{
    private readonly TaskCompletionSource<WireResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLocal => false;

    public Task<WireResponse> Response => _response.Task;

    public void Complete(IMessage? result) =>
        _response.TrySetResult(result is null ? new WireResponse() : new WireResponse { Value = result.ToByteString() });

    public void Fail(Exception exception) => _response.TrySetResult(new WireResponse { Error = WireExceptions.ToWire(exception) });
}
