using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;
using OrleansVector.TestSupport;

namespace OrleansVector.Grains.Tests.Data;

public sealed class CoreFlowTests : DataPathTest
{
    private const int Dim = 32;

    [Fact]
    public async Task Insert_search_filter_delete_upsert_and_count_on_generated_rows()
    {
        var data = SyntheticData.Clustered(4000, Dim, seed: 7);
        var queries = new SyntheticData(SyntheticKind.Clustered, Dim, seed: 7).Generate(20, SyntheticData.QueryStream);
        var info = await CreateAsync("items", Rows.Schema(Dim));
        var collection = Collection(info);
        for (var start = 0; start < data.Count; start += 1000)
        {
            var inserted = await collection.Insert(Rows.Insert("items", data, start, 1000));
            Assert.True(inserted.Status.Code == 0, inserted.Status.Reason);
            Assert.Equal(1000, inserted.InsertCnt);
            Assert.Equal(Enumerable.Range(start, 1000).Select(i => (long)i), inserted.IDs.IntId.Data);
        }

        var unloaded = await collection.Search(SearchFor("items", [queries.Row(0).ToArray()], 10, "L2"));
        Assert.Equal((int)MilvusErrorCode.CollectionNotLoaded, unloaded.Status.Code);

        await IndexAndLoadAsync("items", "vec", "L2");

        // Recall@10 against brute force over the same rows, with output fields.
        var truth = ExactNeighbors.Compute(data, queries, 10, MetricType.L2);
        var rows = Enumerable.Range(0, queries.Count).Select(q => queries.Row(q).ToArray()).ToArray();
        var found = await collection.Search(SearchFor("items", rows, 10, "L2", outputs: ["n", "even"]));
        Assert.True(found.Status.Code == 0, found.Status.Reason);
        Assert.True(Recall.AtK(found.Results.Ids.IntId.Data.ToArray(), 10, truth, 10) >= 0.95);
        Assert.Equal(found.Results.Ids.IntId.Data, LongColumn(found.Results.FieldsData, "n"));
        Assert.Contains("even", found.Results.OutputFields);
        Assert.True(found.Results.Scores.Take(10).Zip(found.Results.Scores.Skip(1).Take(9)).All(p => p.First <= p.Second));

        // Offset: ranks 5..9 of the top 10.
        var paged = await collection.Search(SearchFor("items", [rows[0]], 5, "L2", offset: 5));
        Assert.Equal(found.Results.Ids.IntId.Data.Take(10).Skip(5), paged.Results.Ids.IntId.Data);

        // Filtered query with a dynamic key as output.
        var filtered = await collection.Query(QueryFor("items", "tag == \"t1\" and n < 100", "n", "even"));
        Assert.True(filtered.Status.Code == 0, filtered.Status.Reason);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 5 == 1).Select(i => (long)i), LongColumn(filtered.FieldsData, "id"));

        // Delete 10% by expression: never returned again, counts exact.
        var deleted = await collection.Delete(new DeleteRequest { DbName = "default", CollectionName = "items", Expr = "n % 10 == 3" });
        Assert.True(deleted.Status.Code == 0, deleted.Status.Reason);
        Assert.Equal(400, deleted.DeleteCnt);
        Assert.Equal(3600, await CountAsync(collection, ""));
        Assert.Empty(LongColumn((await collection.Query(QueryFor("items", "n % 10 == 3", "n"))).FieldsData, "id"));
        var afterDelete = await collection.Search(SearchFor("items", rows, 50, "L2"));
        Assert.DoesNotContain(afterDelete.Results.Ids.IntId.Data, id => id % 10 == 3);
        Assert.All(afterDelete.Results.Topks, k => Assert.Equal(50, k));

        // Upsert ids 0..99 (ten of them deleted before): new values, one row per key.
        var upserted = await collection.Upsert(Rows.Upsert("items", data, 0, 100, nOffset: 100_000));
        Assert.True(upserted.Status.Code == 0, upserted.Status.Reason);
        Assert.Equal(100, upserted.UpsertCnt);
        Assert.Equal(3610, await CountAsync(collection, ""));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), LongColumn((await collection.Query(QueryFor("items", "n >= 100000", "n"))).FieldsData, "id"));
        var five = await collection.Query(QueryFor("items", "id == 5", "n"));
        Assert.Equal([100_005L], LongColumn(five.FieldsData, "n"));
        var statistics = await collection.GetCollectionStatistics(new GetCollectionStatisticsRequest { DbName = "default", CollectionName = "items" });
        Assert.Equal("3610", statistics.Stats.Single(s => s.Key == "row_count").Value);
    }

    [Fact]
    public async Task Sift_search_reaches_recall_095_at_10()
    {
        var data = VecsFile.ReadFvecs(Path.Combine(RepositoryPaths.SharedData, "ngt_sift5k", "ngt_sift5k_base.fvecs"));
        var queries = VecsFile.ReadFvecs(Path.Combine(RepositoryPaths.SharedData, "siftsmall", "siftsmall_query.fvecs"));
        var truth = VecsFile.ReadIvecs(Path.Combine(RepositoryPaths.SharedData, "ngt_sift5k", "ngt_sift5k_gt_for_siftsmall_query_top100.ivecs"));
        var schema = new CollectionSchema { Fields = { TestCollections.PrimaryKey(), TestCollections.Vector("vec", data.Dim) } };
        var info = await CreateAsync("sift", schema);
        var collection = Collection(info);
        for (var start = 0; start < data.Count; start += 1000)
        {
            var count = Math.Min(1000, data.Count - start);
            var inserted = await collection.Insert(new InsertRequest
            {
                CollectionName = "sift",
                NumRows = (uint)count,
                FieldsData = { Columns.Int64("id", [.. Enumerable.Range(start, count).Select(i => (long)i)]), Columns.Vectors("vec", data.Dim, data.Rows(start, count).ToArray()) },
            });
            Assert.True(inserted.Status.Code == 0, inserted.Status.Reason);
        }
        await IndexAndLoadAsync("sift", "vec", "L2");

        var found = await collection.Search(SearchFor("sift", [.. Enumerable.Range(0, queries.Count).Select(q => queries.Row(q).ToArray())], 10, "L2"));

        Assert.True(found.Status.Code == 0, found.Status.Reason);
        Assert.True(Recall.AtK(found.Results.Ids.IntId.Data.ToArray(), 10, truth, 10) >= 0.95);
    }

    private static async Task<long> CountAsync(Interfaces.Collections.ICollectionGrain collection, string filter)
    {
        var counted = await collection.Query(QueryFor("items", filter, "count(*)"));
        Assert.True(counted.Status.Code == 0, counted.Status.Reason);
        return counted.FieldsData.Single().Scalars.LongData.Data.Single();
    }
}
