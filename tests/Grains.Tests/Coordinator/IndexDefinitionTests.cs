using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class IndexDefinitionTests : CoordinatorTest
{
    [Fact]
    public async Task AUTOINDEX_and_no_index_type_resolve_to_HNSW_M18_efConstruction240_COSINE_unless_the_metric_is_given()
    {
        AssertSuccess(await Coordinator.CreateCollection(Create("c", Int64Key(), Vector("a"), Vector("b"), Vector("bits", 64, DataType.BinaryVector))));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "a", ("index_type", "AUTOINDEX"))));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "b", ("metric_type", "L2"))));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "bits", ("index_type", "AUTOINDEX"))));

        var described = await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "c" });
        AssertSuccess(described.Status);
        var byField = described.IndexDescriptions.ToDictionary(d => d.FieldName, d => d.Params.ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(new Dictionary<string, string> { ["index_type"] = "HNSW", ["metric_type"] = "COSINE", ["M"] = "18", ["efConstruction"] = "240" }, byField["a"]);
        Assert.Equal(new Dictionary<string, string> { ["index_type"] = "HNSW", ["metric_type"] = "L2", ["M"] = "18", ["efConstruction"] = "240" }, byField["b"]);
        Assert.Equal(new Dictionary<string, string> { ["index_type"] = "BIN_IVF_FLAT", ["metric_type"] = "HAMMING", ["nlist"] = "1024" }, byField["bits"]);
        // Index names default to the field name; an empty collection's index is Finished at once, as in Milvus.
        Assert.Equal(["a", "b", "bits"], described.IndexDescriptions.Select(d => d.IndexName).Order());
        Assert.All(described.IndexDescriptions, d => Assert.Equal(IndexState.Finished, d.State));
    }

    [Fact]
    public async Task Flattened_and_nested_params_define_the_same_index()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("flat")));
        AssertSuccess(await Coordinator.CreateCollection(Simple("nested")));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("flat", "vector", ("index_type", "IVF_FLAT"), ("metric_type", "IP"), ("nlist", "64"))));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("nested", "vector", ("index_type", "IVF_FLAT"), ("metric_type", "IP"), ("params", "{\"nlist\": 64}"))));

        var flat = (await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "flat" })).IndexDescriptions.Single();
        var nested = (await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "nested" })).IndexDescriptions.Single();
        Assert.Equal(flat.Params, nested.Params);
        Assert.Equal("64", flat.Params.Single(p => p.Key == "nlist").Value);
    }

    public static TheoryData<string, (string, string)[], MilvusErrorCode, string> BadIndexes => new()
    {
        { "vector", [("index_type", "HNSW"), ("M", "1")], MilvusErrorCode.ParameterInvalid, "'M'" },
        { "vector", [("index_type", "HNSW"), ("nlist", "8")], MilvusErrorCode.ParameterInvalid, "'nlist'" },
        { "vector", [("index_type", "DISKANNN")], MilvusErrorCode.ParameterInvalid, "DISKANNN" },
        { "vector", [("index_type", "FLAT"), ("metric_type", "HAMMING")], MilvusErrorCode.ParameterInvalid, "HAMMING" },
        { "vector", [("index_type", "HNSW"), ("params", "{M: 8")], MilvusErrorCode.ParameterInvalid, "params" },
        { "vector", [("index_type", "HNSW"), ("params", "{\"M\": 4096}")], MilvusErrorCode.ParameterInvalid, "'M'" },
        { "missing", [("index_type", "HNSW")], MilvusErrorCode.FieldNotFound, "missing" },
        { "id", [("index_type", "STL_SORT")], MilvusErrorCode.IndexNotSupported, "'id'" },
    };

    [Theory]
    [MemberData(nameof(BadIndexes))]
    public async Task Bad_index_definitions_are_rejected_and_nothing_is_written(string field, (string, string)[] parameters, MilvusErrorCode code, string named)
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        AssertError(await Coordinator.CreateIndex(IndexRequest("c", field, parameters)), code, named);
        var described = await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "c" });
        AssertError(described.Status, MilvusErrorCode.IndexNotFound, "'c'");
        Assert.Equal(ErrorCode.IndexNotExist, described.Status.ErrorCode);
    }

    [Fact]
    public async Task One_distinct_index_per_field_and_index_names_are_unique()
    {
        AssertSuccess(await Coordinator.CreateCollection(Create("c", Int64Key(), Vector("a"), Vector("b"))));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "a", ("index_type", "HNSW"), ("M", "16"))));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "a", ("index_type", "HNSW"), ("M", "16"))));
        AssertError(await Coordinator.CreateIndex(IndexRequest("c", "a", ("index_type", "HNSW"), ("M", "32"))), MilvusErrorCode.IndexDuplicate, "'a'");
        AssertError(await Coordinator.CreateIndex(With(IndexRequest("c", "b", ("index_type", "FLAT")), r => r.IndexName = "a")), MilvusErrorCode.IndexDuplicate, "'a'");
        Assert.Single((await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "c" })).IndexDescriptions);
    }

    [Fact]
    public async Task Progress_counts_the_rows_of_flushed_segments_and_drop_removes_the_definition()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        var collection = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "c" })).Info;
        AssertSuccess(await Coordinator.SaveSegment(await Segment(collection, rows: 1000, SegmentState.Flushed)));
        AssertSuccess(await Coordinator.SaveSegment(await Segment(collection, rows: 500, SegmentState.Flushed)));
        AssertSuccess(await Coordinator.SaveSegment(await Segment(collection, rows: 70, SegmentState.Growing)));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "vector", ("index_type", "FLAT"), ("metric_type", "L2"))));

        // No index builder runs on this silo, so nothing gets indexed; what counts is what is flushed.
        var progress = await Coordinator.GetIndexBuildProgress(new GetIndexBuildProgressRequest { CollectionName = "c" });
        AssertSuccess(progress.Status);
        Assert.Equal((1500L, 0L), (progress.TotalRows, progress.IndexedRows));
        var description = (await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "c", FieldName = "vector" })).IndexDescriptions.Single();
        Assert.Equal((1500L, 0L, 1500L), (description.TotalRows, description.IndexedRows, description.PendingIndexRows));
        Assert.NotEqual(IndexState.Finished, description.State);
        AssertError((await Coordinator.GetIndexState(new GetIndexStateRequest { CollectionName = "c", IndexName = "other" })).Status, MilvusErrorCode.IndexNotFound, "other");

        AssertSuccess(await Coordinator.DropIndex(new DropIndexRequest { CollectionName = "c", FieldName = "vector" }));
        AssertError((await Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "c" })).Status, MilvusErrorCode.IndexNotFound, "'c'");
        AssertError(await Coordinator.LoadCollection(new LoadCollectionRequest { CollectionName = "c" }), MilvusErrorCode.IndexNotFound, "'vector'");
    }

    private async Task<SegmentInfo> Segment(CollectionInfo collection, long rows, SegmentState state) => new()
    {
        Id = (long)(await Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin,
        CollectionId = collection.Id,
        PartitionId = collection.Partitions[0].Id,
        VirtualChannel = collection.VirtualChannels[0],
        State = state,
        NumRows = rows,
    };
}
