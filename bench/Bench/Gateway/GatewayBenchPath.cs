using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Bench.Gateway;

/// <summary>How the bench reaches a collection: through the gateway's gRPC endpoint, or by calling its grain in process.</summary>
internal abstract class GatewayBenchPath(string name, string collection)
{
    public string Name { get; } = name;

    public string Collection { get; } = collection;

    public abstract Task<MutationResult> Insert(InsertRequest request);

    public abstract Task<SearchResults> Search(SearchRequest request);

    public sealed class Grpc(string collection, GrpcBenchClient client) : GatewayBenchPath("gRPC loopback", collection)
    {
        public override Task<MutationResult> Insert(InsertRequest request) => client.CallAsync("Insert", request, MutationResult.Parser);

        public override Task<SearchResults> Search(SearchRequest request) => client.CallAsync("Search", request, SearchResults.Parser);
    }

    public sealed class InProcess(string collection, ICollectionGrain grain) : GatewayBenchPath("in-process grain", collection)
    {
        public override Task<MutationResult> Insert(InsertRequest request) => grain.Insert(request);

        public override Task<SearchResults> Search(SearchRequest request) => grain.Search(request);
    }
}
