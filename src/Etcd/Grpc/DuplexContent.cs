using System.Net;

namespace OrleansVector.Etcd.Grpc;

/// <summary>
/// A request body that stays open and hands its stream to the caller, for client and bidi streaming.
/// (StreamContent over a pipe never sends the first HTTP/2 frame: the body is buffered until flushed.)
/// </summary>
internal sealed class DuplexContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _requestStream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DuplexContent() => Headers.ContentType = GrpcTransport.ContentType;

    /// <summary>The request stream, once HttpClient starts sending the body.</summary>
    public Task<Stream> RequestStream => _requestStream.Task;

    /// <summary>Ends the request body.</summary>
    public void Complete() => _completed.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _requestStream.TrySetResult(stream);
        await _completed.Task;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        SerializeToStreamAsync(stream, context);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
