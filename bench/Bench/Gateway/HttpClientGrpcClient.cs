using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Bench.Gateway;

/// <summary>Unary gRPC calls over HttpClient's HTTP/2, as grpc-dotnet makes them (one framed message each way, asynchronous).</summary>
internal sealed class HttpClientGrpcClient(Uri address) : IGrpcBenchClient
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) { BaseAddress = address };

    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser) where TResponse : IMessage<TResponse>
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, IGrpcBenchClient.Service + method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFrame.ToArray(request)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcFrame.ContentType);
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = response.Headers.TryGetValues(GrpcFrame.StatusHeader, out var early) ? early.First()
            : response.TrailingHeaders.TryGetValues(GrpcFrame.StatusHeader, out var late) ? late.First() : "missing";
        if (status != "0")
        {
            throw new InvalidOperationException($"{method} ended with grpc-status {status}");
        }
        return GrpcFrame.ParseSingle(parser, body);
    }

    public void Dispose() => _http.Dispose();
}
