using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Cluster.Tests;

/// <summary>
/// The smallest Milvus client a test needs: unary MilvusService calls over cleartext HTTP/2, the way grpc-js makes
/// them. A transport failure (the server was killed) surfaces as <see cref="HttpRequestException"/> or <see cref="IOException"/>.
/// </summary>
internal sealed class MilvusGrpcClient(Uri address) : IDisposable
{
    private const string Service = "/milvus.proto.milvus.MilvusService/";

    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Task<Status> CreateCollection(CreateCollectionRequest request) => Call(nameof(CreateCollection), request, Status.Parser);

    public Task<Status> CreateIndex(CreateIndexRequest request) => Call(nameof(CreateIndex), request, Status.Parser);

    public Task<Status> LoadCollection(LoadCollectionRequest request) => Call(nameof(LoadCollection), request, Status.Parser);

    public Task<GetLoadStateResponse> GetLoadState(GetLoadStateRequest request) => Call(nameof(GetLoadState), request, GetLoadStateResponse.Parser);

    public Task<MutationResult> Insert(InsertRequest request) => Call(nameof(Insert), request, MutationResult.Parser);

    public Task<QueryResults> Query(QueryRequest request) => Call(nameof(Query), request, QueryResults.Parser);

    public void Dispose() => _http.Dispose();

    private async Task<TResponse> Call<TResponse>(string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        using var content = new ByteArrayContent(GrpcFrame.ToArray(request));
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcFrame.ContentType);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Service + method, UriKind.Relative))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues(GrpcFrame.StatusHeader, out var values) ? values.First()
            : response.Headers.TryGetValues(GrpcFrame.StatusHeader, out var headerValues) ? headerValues.First() : null;
        if (status != "0")
        {
            throw new InvalidOperationException($"{method}: HTTP {(int)response.StatusCode}, grpc-status {status ?? "missing"}, {bytes.Length} bytes");
        }
        return GrpcFrame.ParseSingle(parser, bytes);
    }
}
