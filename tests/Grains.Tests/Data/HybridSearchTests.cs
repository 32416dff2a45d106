using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;

namespace OrleansVector.Grains.Tests.Data;

public sealed class HybridSearchTests : DataPathTest
{
    private const int Dim = 8;
    private static readonly VectorArray<float> First = SyntheticData.Clustered(300, Dim, seed: 21);
    private static readonly VectorArray<float> Second = SyntheticData.Clustered(300, Dim, seed: 22);

    private async Task<Interfaces.Collections.ICollectionGrain> LoadedAsync()
    {
        var schema = new CollectionSchema { Fields = { TestCollections.PrimaryKey(), TestCollections.Vector("a", Dim), TestCollections.Vector("b", Dim), TestCollections.Scalar("n", DataType.Int64) } };
        var info = await CreateAsync("multi", schema);
        var collection = Collection(info);
        var inserted = await collection.Insert(new InsertRequest
        {
            CollectionName = "multi",
            NumRows = 300,
            FieldsData =
            {
                Columns.Int64("id", [.. Enumerable.Range(0, 300).Select(i => (long)i)]),
                Columns.Vectors("a", Dim, First.Data),
                Columns.Vectors("b", Dim, Second.Data),
                Columns.Int64("n", [.. Enumerable.Range(0, 300).Select(i => (long)i * 10)]),
            },
        });
        Assert.True(inserted.Status.Code == 0, inserted.Status.Reason);
        var indexed = await Silo.Coordinator.CreateIndex(new CreateIndexRequest
        {
            CollectionName = "multi",
            FieldName = "b",
            ExtraParams = { Pair("index_type", "FLAT"), Pair("metric_type", "IP") },
        });
        Assert.True(indexed.Code == 0, indexed.Reason);
        await IndexAndLoadAsync("multi", "a", "L2");
        return collection;
    }

    private static SearchRequest Sub(string field, float[] query, string metric, int topK)
    {
        var request = SearchFor("multi", [query], topK, metric);
        request.SearchParams.Add(Pair("anns_field", field));
        request.SearchParams.Remove(request.SearchParams.First(p => p.Key == "params"));
        return request;
    }

    [Fact]
    public async Task Rrf_scores_each_row_by_its_ranks_in_the_lists()
    {
        var collection = await LoadedAsync();
        var a = await collection.Search(Sub("a", First.Row(7).ToArray(), "L2", 10));
        var b = await collection.Search(Sub("b", Second.Row(7).ToArray(), "IP", 10));
        var expected = a.Results.Ids.IntId.Data.Select((id, rank) => (id, score: 1.0 / (60 + rank + 1)))
            .Concat(b.Results.Ids.IntId.Data.Select((id, rank) => (id, score: 1.0 / (60 + rank + 1))))
            .GroupBy(h => h.id).Select(g => (Id: g.Key, Score: g.Sum(h => h.score)))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal).Take(5).ToList();
        var request = new HybridSearchRequest
        {
            CollectionName = "multi",
            Requests = { Sub("a", First.Row(7).ToArray(), "L2", 10), Sub("b", Second.Row(7).ToArray(), "IP", 10) },
            RankParams = { Pair("strategy", "rrf"), Pair("params", "{\"k\": 60}"), Pair("limit", "5") },
            OutputFields = { "n" },
            ConsistencyLevel = ConsistencyLevel.Strong,
        };

        var result = await collection.HybridSearch(request);

        Assert.True(result.Status.Code == 0, result.Status.Reason);
        Assert.Equal(expected.Select(h => h.Id), result.Results.Ids.IntId.Data);
        Assert.Equal(expected.Select(h => (float)h.Score), result.Results.Scores);
        Assert.Equal([5L], result.Results.Topks);
        Assert.Equal(result.Results.Ids.IntId.Data.Select(id => id * 10), LongColumn(result.Results.FieldsData, "n"));
    }

    [Fact]
    public async Task Weighted_ranker_with_one_weight_follows_that_list()
    {
        var collection = await LoadedAsync();
        var alone = await collection.Search(Sub("a", First.Row(3).ToArray(), "L2", 10));
        var request = new HybridSearchRequest
        {
            CollectionName = "multi",
            Requests = { Sub("a", First.Row(3).ToArray(), "L2", 10), Sub("b", Second.Row(100).ToArray(), "IP", 10) },
            RankParams = { Pair("strategy", "weighted"), Pair("params", "{\"weights\": [1.0, 0.0]}"), Pair("limit", "10") },
            ConsistencyLevel = ConsistencyLevel.Strong,
        };

        var result = await collection.HybridSearch(request);

        Assert.True(result.Status.Code == 0, result.Status.Reason);
        Assert.Equal(alone.Results.Ids.IntId.Data, result.Results.Ids.IntId.Data.Take(alone.Results.Ids.IntId.Data.Count));
    }

    [Fact]
    public async Task Weighted_ranker_needs_one_weight_per_search()
    {
        var collection = await LoadedAsync();
        var request = new HybridSearchRequest
        {
            CollectionName = "multi",
            Requests = { Sub("a", First.Row(3).ToArray(), "L2", 10), Sub("b", Second.Row(3).ToArray(), "IP", 10) },
            RankParams = { Pair("strategy", "weighted"), Pair("params", "{\"weights\": [1.0]}"), Pair("limit", "10") },
        };

        Assert.Equal(1100, (await collection.HybridSearch(request)).Status.Code);
    }
}
