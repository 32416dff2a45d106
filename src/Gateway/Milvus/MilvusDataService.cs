using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// The RPCs a collection grain serves: inserts, upserts and deletes, searches and queries, flush and statistics. The
/// collection is found through <see cref="CollectionResolver"/>; rows written are counted for /metrics.
/// </summary>
public sealed class MilvusDataService(CollectionResolver collections, TimeProvider time, GatewayMetrics metrics)
{
    public GrpcServiceBuilder Register(GrpcServiceBuilder builder, ILogger logger) => builder
        .AddMilvus<InsertRequest, MutationResult>("Insert", (r, _) => Insert(r), logger, metrics)
        .AddMilvus<UpsertRequest, MutationResult>("Upsert", (r, _) => Upsert(r), logger, metrics)
        .AddMilvus<DeleteRequest, MutationResult>("Delete", (r, _) => Delete(r), logger, metrics)
        .AddMilvus<SearchRequest, SearchResults>("Search", (r, _) => Search(r), logger, metrics)
        .AddMilvus<HybridSearchRequest, SearchResults>("HybridSearch", (r, _) => HybridSearch(r), logger, metrics)
        .AddMilvus<QueryRequest, QueryResults>("Query", (r, _) => Query(r), logger, metrics)
        .AddMilvus<FlushRequest, FlushResponse>("Flush", (r, _) => Flush(r), logger, metrics)
        .AddMilvus<GetCollectionStatisticsRequest, GetCollectionStatisticsResponse>("GetCollectionStatistics", (r, _) => GetCollectionStatistics(r), logger, metrics)
        .AddMilvus<GetPartitionStatisticsRequest, GetPartitionStatisticsResponse>("GetPartitionStatistics", (r, _) => GetPartitionStatistics(r), logger, metrics);

    public ValueTask<GetCollectionStatisticsResponse> GetCollectionStatistics(GetCollectionStatisticsRequest request) =>
        collections.OnCollectionAsync(request.DbName, request.CollectionName, g => g.GetCollectionStatistics(request));

    public ValueTask<GetPartitionStatisticsResponse> GetPartitionStatistics(GetPartitionStatisticsRequest request) =>
        collections.OnCollectionAsync(request.DbName, request.CollectionName, g => g.GetPartitionStatistics(request));

    public ValueTask<MutationResult> Insert(InsertRequest request)
    {
        MilvusDataChecks.Insert(request.FieldsData, request.NumRows);
        return Write(request.DbName, request.CollectionName, g => g.Insert(request), r => metrics.RecordInserted(r.InsertCnt));
    }

    public ValueTask<MutationResult> Upsert(UpsertRequest request)
    {
        MilvusDataChecks.Insert(request.FieldsData, request.NumRows);
        return Write(request.DbName, request.CollectionName, g => g.Upsert(request), r => metrics.RecordUpserted(r.UpsertCnt));
    }

    public ValueTask<MutationResult> Delete(DeleteRequest request)
    {
        MilvusDataChecks.Delete(request);
        return Write(request.DbName, request.CollectionName, g => g.Delete(request), r => metrics.RecordDeleted(r.DeleteCnt));
    }

    public ValueTask<SearchResults> Search(SearchRequest request)
    {
        MilvusDataChecks.Search(request);
        return collections.OnCollectionAsync(request.DbName, request.CollectionName, g => g.Search(request));
    }

    public ValueTask<SearchResults> HybridSearch(HybridSearchRequest request)
    {
        MilvusDataChecks.HybridSearch(request);
        return collections.OnCollectionAsync(request.DbName, request.CollectionName, g => g.HybridSearch(request));
    }

    public ValueTask<QueryResults> Query(QueryRequest request)
    {
        MilvusDataChecks.Query(request);
        return collections.OnCollectionAsync(request.DbName, request.CollectionName, g => g.Query(request));
    }

    /// <summary>A write on the collection's grain; <paramref name="count"/> records the rows of an acknowledged one.</summary>
    private async ValueTask<MutationResult> Write(string database, string collection, Func<ICollectionGrain, Task<MutationResult>> write, Action<MutationResult> count)
    {
        var result = await collections.OnCollectionAsync(database, collection, write);
        if (MilvusStatusCheck.Succeeded(result.Status))
        {
            count(result);
        }
        return result;
    }

    /// <summary>Seals every named collection's growing segments; the answer lists the sealed segments and flush timestamps per collection.</summary>
    public async ValueTask<FlushResponse> Flush(FlushRequest request)
    {
        var response = new FlushResponse { Status = MilvusStatus.Success(), DbName = request.DbName };
        var sealTime = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var name in request.CollectionNames.Distinct(StringComparer.Ordinal))
        {
            var id = await collections.ResolveAsync(request.DbName, name);
            var flushed = await collections.Grain(id).Flush();
            MilvusStatusCheck.ThrowIfFailed(flushed.Status);
            var segments = new LongArray { Data = { flushed.SealedSegmentIds } };
            response.CollSegIDs[name] = segments;
            response.FlushCollSegIDs[name] = segments.Clone();
            response.CollSealTimes[name] = sealTime;
            response.CollFlushTs[name] = flushed.FlushTimestamp;
        }
        return response;
    }
}
