using System.Collections.Concurrent;
using Google.Protobuf;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// Blocking unary gRPC calls to the Milvus service: each caller borrows an idle <see cref="BlockingGrpcConnection"/> (or
/// opens one) for the length of its call, so concurrent callers each have a connection of their own and nothing is
/// handed between threads. A connection whose call failed is closed rather than reused.
/// </summary>
internal sealed class BlockingGrpcClient(Uri address) : IGrpcBenchClient
{
    private readonly ConcurrentBag<BlockingGrpcConnection> _idle = [];

    public Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser) where TResponse : IMessage<TResponse>
    {
        if (!_idle.TryTake(out var connection))
        {
            connection = new BlockingGrpcConnection(address);
        }
        TResponse response;
        try
        {
            response = connection.Call(IGrpcBenchClient.Service + method, request, parser);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        _idle.Add(connection);
        return Task.FromResult(response);
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}
