using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Tests.Data;

public sealed class ConsistencyAndErrorTests : DataPathTest
{
    private const int Dim = 8;
    private static readonly VectorArray<float> Data = SyntheticData.Clustered(200, Dim, seed: 5);

    protected override void Configure(DataPathOptions options) => options.GuaranteeWaitLimit = TimeSpan.FromMilliseconds(500);

    private async Task<ICollectionGrain> LoadedAsync()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim));
        await IndexAndLoadAsync("items", "vec", "L2");
        return Collection(info);
    }

    [Fact]
    public async Task Every_level_sees_an_acknowledged_write_and_a_future_guarantee_times_out()
    {
        var collection = await LoadedAsync();
        var inserted = await collection.Insert(Rows.Insert("items", Data, 0, 10));
        Assert.True(inserted.Status.Code == 0, inserted.Status.Reason);

        foreach (var (level, guarantee) in new[]
        {
            (ConsistencyLevel.Strong, 0UL),
            (ConsistencyLevel.Session, inserted.Timestamp),
            (ConsistencyLevel.Bounded, 2UL),
            (ConsistencyLevel.Eventually, 1UL),
        })
        {
            var query = QueryFor("items", "id == 9", "n");
            query.ConsistencyLevel = level;
            query.GuaranteeTimestamp = guarantee;
            var result = await collection.Query(query);
            Assert.True(result.Status.Code == 0, result.Status.Reason);
            Assert.Equal([9L], LongColumn(result.FieldsData, "id"));
            Assert.True(result.SessionTs >= inserted.Timestamp || level is ConsistencyLevel.Bounded or ConsistencyLevel.Eventually);
        }

        var future = QueryFor("items", "id == 9", "n");
        future.ConsistencyLevel = ConsistencyLevel.Customized;
        future.GuaranteeTimestamp = HybridTimestamp.FromDateTime(DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal((int)MilvusErrorCode.Timeout, (await collection.Query(future)).Status.Code);
    }

    [Fact]
    public async Task A_strong_read_sees_the_write_of_another_caller_acknowledged_before_it()
    {
        var collection = await LoadedAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, i * 10, 10))).Status.Code);
            var counted = await collection.Query(QueryFor("items", "", "count(*)"));
            Assert.Equal((i + 1) * 10, counted.FieldsData.Single().Scalars.LongData.Data.Single());
        }
    }

    [Fact]
    public async Task Bad_requests_get_their_codes_and_write_nothing()
    {
        var collection = await LoadedAsync();
        var wrongDim = Rows.Insert("items", Data, 0, 10);
        wrongDim.FieldsData[1] = Columns.Vectors("vec", Dim + 1, new float[(Dim + 1) * 10]);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Insert(wrongDim)).Status.Code);
        var unknownPartition = Rows.Insert("items", Data, 0, 10);
        unknownPartition.PartitionName = "nope";
        Assert.Equal((int)MilvusErrorCode.PartitionNotFound, (await collection.Insert(unknownPartition)).Status.Code);
        var duplicate = Rows.Insert("items", Data, 0, 2);
        duplicate.FieldsData[0] = Columns.Int64("id", 1, 1);
        var rejected = await collection.Insert(duplicate);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, rejected.Status.Code);
        Assert.Equal(ErrorCode.IllegalArgument, rejected.Status.ErrorCode);
        Assert.Contains("'id'", rejected.Status.Reason, StringComparison.Ordinal);

        var counted = await collection.Query(QueryFor("items", "", "count(*)"));
        Assert.Equal(0, counted.FieldsData.Single().Scalars.LongData.Data.Single());

        var noDynamic = await CreateAsync("plain", new CollectionSchema { Fields = { TestCollections.PrimaryKey(), TestCollections.Vector("vec", Dim) } });
        await IndexAndLoadAsync("plain", "vec", "L2");
        Assert.Equal((int)MilvusErrorCode.FieldNotFound, (await Collection(noDynamic).Search(SearchFor("plain", [Data.Row(0).ToArray()], 5, "L2", outputs: ["nope"]))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Search(SearchFor("items", [Data.Row(0).ToArray()], 5, "IP"))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Search(SearchFor("items", [new float[Dim + 1]], 5, "L2"))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Search(SearchFor("items", [Data.Row(0).ToArray()], 20000, "L2"))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Query(QueryFor("items", "n >", "n"))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Query(QueryFor("items", "", "n"))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.ParameterInvalid, (await collection.Delete(new DeleteRequest { CollectionName = "items", Expr = "" })).Status.Code);
    }

    [Fact]
    public async Task Reads_on_a_collection_that_is_not_loaded_get_101()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim));
        var collection = Collection(info);
        Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, 0, 10))).Status.Code);

        Assert.Equal((int)MilvusErrorCode.CollectionNotLoaded, (await collection.Search(SearchFor("items", [Data.Row(0).ToArray()], 5, "L2"))).Status.Code);
        Assert.Equal((int)MilvusErrorCode.CollectionNotLoaded, (await collection.Query(QueryFor("items", "id > 0", "n"))).Status.Code);
    }
}
