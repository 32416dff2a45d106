using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace OrleansVector.Etcd.Grpc;

/// <summary>
/// gRPC over HttpClient with HTTP/2 prior knowledge (h2c): unary calls and duplex streams.
/// Every request sets Version 2.0 with RequestVersionExact, because HttpClient's default version applies only to its helper methods.
/// </summary>
internal sealed class GrpcTransport : IDisposable
{
    public static readonly MediaTypeHeaderValue ContentType = new("application/grpc");

    private readonly HttpClient _http;
    private readonly EtcdClientOptions _options;

    public GrpcTransport(EtcdClientOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        handler ??= new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        };
        // Streams live as long as their owner wants; unary deadlines come from RequestTimeout.
        _http = new HttpClient(handler) { BaseAddress = options.Endpoint, Timeout = Timeout.InfiniteTimeSpan };
    }

    public EtcdClientOptions Options => _options;

    public async Task<TResponse> UnaryAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        using var content = new ByteArrayContent(GrpcFraming.Frame(request));
        content.Headers.ContentType = ContentType;
        try
        {
            using var response = await SendAsync(method, content, deadline.Token);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            var message = await GrpcFraming.ReadAsync(stream, parser, _options.MaxReceiveMessageBytes, method, deadline.Token);
            // Reading to the end makes the trailers (grpc-status) available.
            while (message is not null && await GrpcFraming.ReadAsync(stream, parser, _options.MaxReceiveMessageBytes, method, deadline.Token) is not null)
            {
            }
            ThrowIfFailed(response, method);
            return message ?? throw EtcdException.From(EtcdStatusCode.Internal, method, "call succeeded without a response message");
        }
        catch (Exception e) when (Translate(e, method, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Opens a bidi stream; the caller writes and reads through the returned call.</summary>
    public GrpcDuplexCall<TResponse> OpenDuplex<TResponse>(string method, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse> =>
        new(this, method, parser);

    internal async Task<HttpResponseMessage> SendAsync(string method, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            throw EtcdException.From(EtcdStatusCode.Unavailable, method, $"HTTP status {(int)response.StatusCode} instead of 200");
        }
        // A call that fails before any message sends its status in the headers ("trailers-only").
        ThrowIfFailed(response, method, inHeadersOnly: true);
        return response;
    }

    /// <summary>Throws the etcd error carried by grpc-status / grpc-message, if any.</summary>
    internal static void ThrowIfFailed(HttpResponseMessage response, string method, bool inHeadersOnly = false)
    {
        var headers = inHeadersOnly ? response.Headers : response.TrailingHeaders;
        if (!headers.TryGetValues("grpc-status", out var statusValues))
        {
            if (inHeadersOnly)
            {
                return;
            }
            throw EtcdException.From(EtcdStatusCode.Unavailable, method, "stream ended without grpc-status");
        }
        var status = int.Parse(statusValues.First(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (status == 0)
        {
            return;
        }
        var message = headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.First()) : "";
        if (inHeadersOnly)
        {
            response.Dispose();
        }
        throw EtcdException.From((EtcdStatusCode)status, method, message);
    }

    /// <summary>Transport failures and deadlines become etcd exceptions; the caller's own cancellation stays a cancellation.</summary>
    internal static EtcdException? Translate(Exception e, string method, CancellationToken callerToken) => e switch
    {
        EtcdException => null,
        OperationCanceledException when callerToken.IsCancellationRequested => null,
        OperationCanceledException => EtcdException.From(EtcdStatusCode.DeadlineExceeded, method, "no answer before the deadline", e),
        HttpRequestException or IOException => EtcdException.From(EtcdStatusCode.Unavailable, method, e.Message, e),
        _ => null,
    };

    public void Dispose() => _http.Dispose();
}
