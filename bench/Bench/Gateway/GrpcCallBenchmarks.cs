using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// The gRPC port's own cost per unary call, with no database behind it: a GetVersion answered from memory through the
/// gateway's HTTP/2 server on loopback, called with the blocking client (as a synchronous SDK stub calls). Time and
/// allocations are the client's, the kernel's and the server's together (frames, HPACK, checks, protobuf, dispatch);
/// `bench gateway` shows the same round trip beside searches.
/// </summary>
[MemoryDiagnoser]
public class GrpcCallBenchmarks
{
    private static readonly GetVersionRequest Request = new();
    private static readonly GetVersionResponse Response = new() { Status = new Status(), Version = "v2.5.7" };

    private GrpcServer _server = null!;
    private BlockingGrpcConnection _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        var methods = new GrpcMethodTable(MilvusServiceMethods.CreateBuilder()
            .AddUnary<GetVersionRequest, GetVersionResponse>("GetVersion", (_, _) => ValueTask.FromResult(Response))
            .Methods);
        var dispatcher = new GrpcDispatcher(methods, Options.Create(new GrpcServerOptions()), TimeProvider.System, NullLogger<GrpcDispatcher>.Instance);
        _server = new GrpcServer(dispatcher, NullLogger<GrpcServer>.Instance);
        var endPoint = _server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        _client = new BlockingGrpcConnection(new Uri($"http://{endPoint}"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public GetVersionResponse GetVersionRoundTrip() => _client.Call(IGrpcBenchClient.Service + "GetVersion", Request, GetVersionResponse.Parser);
}
