using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// Silo-to-silo calls as gRPC-framed HTTP/2 requests (h2c), one pooled HTTP/2 connection per peer endpoint. Every
/// request sets HTTP/2 with <see cref="HttpVersionPolicy.RequestVersionExact"/> (HttpClient's defaults only apply to its
/// helper methods). A failure to reach the peer becomes a <see cref="SiloUnavailableException"/>; nothing is retried.
/// </summary>
internal sealed class HttpSiloTransport(MessagingOptions options) : ISiloTransport, IDisposable
{
    public const string InvokePath = "/orleansvector.runtime.Silo/Invoke";

    private readonly ConcurrentDictionary<IPEndPoint, HttpClient> _clients = new();

    public Task<WireResponse> SendAsync(SiloAddress target, WireRequest request, CancellationToken cancellationToken) =>
        SendAsync(target.Endpoint, target.ToString(), request, cancellationToken);

    /// <summary>Sends to an endpoint; <paramref name="peer"/> names it in errors (a silo address, or a gateway endpoint).</summary>
    public async Task<WireResponse> SendAsync(IPEndPoint endpoint, string peer, WireRequest request, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(endpoint, CreateClient);
        using var message = new HttpRequestMessage(HttpMethod.Post, InvokePath)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFraming.Frame(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcFraming.ContentType);
        message.Headers.TryAddWithoutValidation("te", "trailers");
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new SiloUnavailableException($"Silo {peer} answered HTTP {(int)response.StatusCode} to {request.Method} on {request.GrainType}/{request.GrainKey}.");
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = GrpcStatus(response);
            if (status != "0")
            {
                var detail = response.TrailingHeaders.TryGetValues("grpc-message", out var values) || response.Headers.TryGetValues("grpc-message", out values)
                    ? Uri.UnescapeDataString(values.First())
                    : "";
                throw new SiloUnavailableException($"Silo {peer} answered gRPC status {status ?? "(none)"}: {detail}");
            }
            return GrpcFraming.Parse(WireResponse.Parser, body, options.MaxMessageSize, $"response from silo {peer}");
        }
        catch (HttpRequestException exception)
        {
            throw new SiloUnavailableException($"Silo {peer} cannot be reached: {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            throw new SiloUnavailableException($"The connection to silo {peer} failed: {exception.Message}", exception);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        _clients.Clear();
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var values) || response.Headers.TryGetValues("grpc-status", out values)
            ? values.FirstOrDefault()
            : null;

    private static HttpClient CreateClient(IPEndPoint endpoint) => new(new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = false,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
    })
    {
        BaseAddress = new Uri($"http://{endpoint}"),
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
