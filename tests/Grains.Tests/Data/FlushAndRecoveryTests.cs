using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;

namespace OrleansVector.Grains.Tests.Data;

public sealed class FlushAndRecoveryTests : DataPathTest
{
    private const int Dim = 16;
    private static readonly VectorArray<float> Data = SyntheticData.Clustered(2000, Dim, seed: 11);

    protected override void Configure(DataPathOptions options) => options.SealRowCount = 300;

    [Fact]
    public async Task Rows_survive_seal_flush_handoff_deletes_and_a_restart_exactly_once()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim));
        await IndexAndLoadAsync("items", "vec", "L2");
        var collection = Collection(info);
        for (var start = 0; start < 1000; start += 100)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, start, 100))).Status.Code);
        }
        var flushed = await collection.Flush();
        Assert.True(flushed.Status.Code == 0, flushed.Status.Reason);
        Assert.NotEmpty(flushed.SealedSegmentIds);
        await AssertRowsAsync(collection, Enumerable.Range(0, 1000));

        // Deletes after the flush reach the sealed segments; a second flush writes them as delta logs.
        Assert.Equal(0, (await collection.Delete(new DeleteRequest { CollectionName = "items", Expr = "id < 100" })).Status.Code);
        Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, 1000, 50))).Status.Code);
        await AssertRowsAsync(collection, Enumerable.Range(100, 950));
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        Assert.Equal(0, (await collection.Delete(new DeleteRequest { CollectionName = "items", Expr = "id >= 1040" })).Status.Code);
        var segments = await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id });
        Assert.Contains(segments.Segments, s => s.DeltaLogs.Count > 0);

        await RestartAsync();
        collection = Collection(info);
        await AssertRowsAsync(collection, Enumerable.Range(100, 940));
        var queries = new SyntheticData(SyntheticKind.Clustered, Dim, seed: 11).Generate(5, SyntheticData.QueryStream);
        var found = await collection.Search(SearchFor("items", [.. Enumerable.Range(0, 5).Select(q => queries.Row(q).ToArray())], 10, "L2"));
        Assert.True(found.Status.Code == 0, found.Status.Reason);
        Assert.DoesNotContain(found.Results.Ids.IntId.Data, id => id < 100 || id >= 1040);
    }

    [Fact]
    public async Task Searches_and_queries_during_seal_and_handoff_never_miss_or_double_a_row()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        await IndexAndLoadAsync("items", "vec", "L2");
        var collection = Collection(info);
        var acknowledged = 0;
        var inserting = Task.Run(async () =>
        {
            for (var start = 0; start < 2000; start += 100)
            {
                Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, start, 100))).Status.Code);
                Volatile.Write(ref acknowledged, start + 100);
            }
        });
        while (!inserting.IsCompleted)
        {
            var before = Volatile.Read(ref acknowledged);
            var result = await collection.Query(QueryFor("items", "id >= 0", "n"));
            Assert.True(result.Status.Code == 0, result.Status.Reason);
            var ids = LongColumn(result.FieldsData, "id");
            Assert.Equal(ids.Length, ids.Distinct().Count());
            Assert.True(ids.Length >= before, $"{ids.Length} rows seen after {before} were acknowledged");
            Assert.Equal(Enumerable.Range(0, ids.Length).Select(i => (long)i), ids);
            var search = await collection.Search(SearchFor("items", [Data.Row(0).ToArray()], 50, "L2"));
            Assert.Equal(search.Results.Ids.IntId.Data.Count, search.Results.Ids.IntId.Data.Distinct().Count());
        }
        await inserting;
        await AssertRowsAsync(collection, Enumerable.Range(0, 2000));
    }

    [Fact]
    public async Task Flushed_segments_get_their_index_built_and_keep_recall()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        await IndexAndLoadAsync("items", "vec", "L2");
        var collection = Collection(info);
        for (var start = 0; start < 2000; start += 500)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, start, 500))).Status.Code);
        }
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        var segments = await IndexedSegmentsAsync(info);
        Assert.All(segments, s => Assert.Equal(s.NumRows, s.Indexes.Single().IndexedRows));

        Assert.True(await RecallAsync(collection, "{\"ef\": 64}") >= 0.95);
    }

    /// <summary>
    /// Exact search scores 1.0 at any setting; IVF_FLAT probing one list of 32 does not, and probing all 32 does. A
    /// segment that never switches to its built index keeps answering exactly and the wait below times out.
    /// </summary>
    [Fact]
    public async Task Sealed_segments_search_through_their_built_index()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        await IndexAndLoadAsync("items", "vec", "L2", Pair("index_type", "IVF_FLAT"), Pair("nlist", "32"));
        var collection = Collection(info);
        for (var start = 0; start < 2000; start += 500)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, start, 500))).Status.Code);
        }
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        await IndexedSegmentsAsync(info);

        // The registry says Finished before each segment grain has loaded the files (it is told afterwards): ask until it serves them.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await RecallAsync(collection, "{\"nprobe\": 1}") == 1.0)
        {
            await Task.Delay(20, timeout.Token);
        }
        Assert.Equal(1.0, await RecallAsync(collection, "{\"nprobe\": 32}"));
    }

    /// <summary>Recall@10 of 20 clustered queries against brute force, with <paramref name="parameters"/> as the search params.</summary>
    private static async Task<double> RecallAsync(ICollectionGrain collection, string parameters)
    {
        var queries = new SyntheticData(SyntheticKind.Clustered, Dim, seed: 11).Generate(20, SyntheticData.QueryStream);
        var truth = ExactNeighbors.Compute(Data, queries, 10, MetricType.L2);
        var request = SearchFor("items", [.. Enumerable.Range(0, 20).Select(q => queries.Row(q).ToArray())], 10, "L2");
        request.SearchParams.Single(p => p.Key == "params").Value = parameters;
        var found = await collection.Search(request);
        Assert.True(found.Status.Code == 0, found.Status.Reason);
        return Recall.AtK(found.Results.Ids.IntId.Data.ToArray(), 10, truth, 10);
    }

    private static async Task AssertRowsAsync(ICollectionGrain collection, IEnumerable<int> expected)
    {
        var result = await collection.Query(QueryFor("items", "id >= 0", "n"));
        Assert.True(result.Status.Code == 0, result.Status.Reason);
        Assert.Equal(expected.Select(i => (long)i), LongColumn(result.FieldsData, "id"));
        var count = await collection.Query(QueryFor("items", "", "count(*)"));
        Assert.Equal(expected.Count(), count.FieldsData.Single().Scalars.LongData.Data.Single());
    }
}
