using Google.Protobuf;

namespace OrleansVector.Etcd.Grpc;

/// <summary>One bidi-streaming call: frames are written and flushed one by one, responses read as they come.</summary>
internal sealed class GrpcDuplexCall<TResponse> : IAsyncDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcTransport _transport;
    private readonly string _method;
    private readonly MessageParser<TResponse> _parser;
    private readonly DuplexContent _content = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task<HttpResponseMessage> _response;
    private Stream? _responseStream;

    public GrpcDuplexCall(GrpcTransport transport, string method, MessageParser<TResponse> parser)
    {
        _transport = transport;
        _method = method;
        _parser = parser;
        _response = transport.SendAsync(method, _content, _cancel.Token);
    }

    public async Task WriteAsync(IMessage message, CancellationToken cancellationToken)
    {
        var frame = GrpcFraming.Frame(message);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // If the connection fails the body is never requested: surface the response's failure instead of waiting forever.
            var first = await Task.WhenAny(_content.RequestStream, _response).WaitAsync(cancellationToken);
            if (first == _response && !_content.RequestStream.IsCompleted)
            {
                await _response;
            }
            var stream = await _content.RequestStream.WaitAsync(cancellationToken);
            await stream.WriteAsync(frame, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (GrpcTransport.Translate(e, _method, cancellationToken) is { } translated)
        {
            throw translated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The next response, or null when the server ended the stream with status OK.</summary>
    public async Task<TResponse?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _response.WaitAsync(cancellationToken);
            _responseStream ??= await response.Content.ReadAsStreamAsync(cancellationToken);
            var message = await GrpcFraming.ReadAsync(_responseStream, _parser, _transport.Options.MaxReceiveMessageBytes, _method, cancellationToken);
            if (message is null)
            {
                GrpcTransport.ThrowIfFailed(response, _method);
            }
            return message;
        }
        catch (Exception e) when (GrpcTransport.Translate(e, _method, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _content.Complete();
        await _cancel.CancelAsync();
        try
        {
            (await _response).Dispose();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or EtcdException or IOException)
        {
            // The call is being abandoned; how it ended no longer matters.
        }
        _cancel.Dispose();
        _writeLock.Dispose();
        _content.Dispose();
    }
}
