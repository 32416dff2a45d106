using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace OrleansVector.Bench.Gateway;

/// <summary>A unary gRPC client over HttpClient's HTTP/2, as any SDK talks to the gateway (one framed message each way).</summary>
internal sealed class GrpcBenchClient(Uri address) : IDisposable
{
    private const string Service = "/milvus.proto.milvus.MilvusService/";
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) { BaseAddress = address };

    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser) where TResponse : IMessage<TResponse>
    {
        var frame = new byte[5 + request.CalculateSize()];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(frame.Length - 5));
        request.WriteTo(frame.AsSpan(5));
        using var message = new HttpRequestMessage(HttpMethod.Post, Service + method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = response.Headers.TryGetValues("grpc-status", out var early) ? early.First()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var late) ? late.First() : "missing";
        if (status != "0" || body.Length < 5)
        {
            throw new InvalidOperationException($"{method} ended with grpc-status {status}");
        }
        return parser.ParseFrom(body.AsSpan(5));
    }

    public void Dispose() => _http.Dispose();
}
