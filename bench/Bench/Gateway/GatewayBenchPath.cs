using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// How the bench reaches a collection: through the gateway's gRPC endpoint, or by calling its grain in process. Calls
/// block the calling thread, as a synchronous application's request thread does; the bench makes them from threads of its
/// own, never from the thread pool the server in the same process runs on.
/// </summary>
internal abstract class GatewayBenchPath(string name, string collection)
{
    public string Name { get; } = name;

    public string Collection { get; } = collection;

    public abstract MutationResult Insert(InsertRequest request);

    public abstract SearchResults Search(SearchRequest request);

    public sealed class Grpc(string name, string collection, IGrpcBenchClient client) : GatewayBenchPath(name, collection)
    {
        public override MutationResult Insert(InsertRequest request) => client.CallAsync("Insert", request, MutationResult.Parser).GetAwaiter().GetResult();

        public override SearchResults Search(SearchRequest request) => client.CallAsync("Search", request, SearchResults.Parser).GetAwaiter().GetResult();
    }

    public sealed class InProcess(string collection, ICollectionGrain grain) : GatewayBenchPath("in-process grain", collection)
    {
        public override MutationResult Insert(InsertRequest request) => grain.Insert(request).GetAwaiter().GetResult();

        public override SearchResults Search(SearchRequest request) => grain.Search(request).GetAwaiter().GetResult();
    }
}
