using System.Globalization;
using Google.Protobuf;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>Sparse vector fields end to end: insert, SPARSE_INVERTED_INDEX, load, search on growing and sealed segments.</summary>
public sealed class SparseSearchTests : DataPathTest
{
    private const int Dim = 8;
    private const int Total = 900;
    private static readonly SparseRows Sparse = new(Total, seed: 41);
    private static readonly SparseRows Queries = new(6, seed: 42);
    private static readonly VectorArray<float> Dense = SyntheticData.Clustered(Total, Dim, seed: 43);

    protected override void Configure(DataPathOptions options) => options.SealRowCount = 250;

    protected override void ConfigureCoordinator(CoordinatorOptions options)
    {
        options.AutoCompaction = false;
        options.CompactionMinSegments = 2;
    }

    [Fact]
    public async Task Sparse_search_is_exact_over_growing_and_sealed_segments_and_never_returns_deleted_rows()
    {
        var (info, collection) = await LoadedAsync(new CreateIndexRequest { FieldName = "sparse", ExtraParams = { Pair("index_type", "SPARSE_INVERTED_INDEX"), Pair("metric_type", "IP"), Pair("params", "{\"inverted_index_algo\": \"TAAT_NAIVE\"}") } });
        await InsertAsync(collection, 0, 600);
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        var sealedSegments = await IndexedSegmentsAsync(info);
        Assert.Contains(sealedSegments, s => s.Indexes.Any(i => i.FieldId == info.Schema.Fields.Single(f => f.Name == "sparse").FieldID && i.State == IndexState.Finished));
        await InsertAsync(collection, 600, Total - 600);
        var live = Enumerable.Range(0, Total).ToList();
        await AssertSearchesExactAsync(collection, live, k: 15);

        Assert.Equal(0, (await collection.Delete(new DeleteRequest { CollectionName = "sparse", Expr = "id % 3 == 0" })).Status.Code);
        live.RemoveAll(r => r % 3 == 0);
        await AssertSearchesExactAsync(collection, live, k: 15);
        await AssertSearchesExactAsync(collection, live.Where(r => r < 700), k: 40, filter: "n < 700");
    }

    [Fact]
    public async Task Compaction_merges_sparse_segments_and_the_rebuilt_index_stays_exact()
    {
        var (info, collection) = await LoadedAsync(new CreateIndexRequest { FieldName = "sparse", ExtraParams = { Pair("index_type", "SPARSE_INVERTED_INDEX") } });
        for (var batch = 0; batch < 3; batch++)
        {
            await InsertAsync(collection, batch * 200, 200);
            Assert.Equal(0, (await collection.Flush()).Status.Code);
        }
        Assert.Equal(0, (await collection.Delete(new DeleteRequest { CollectionName = "sparse", Expr = "id % 4 == 1" })).Status.Code);
        Assert.Equal(0, (await collection.Flush()).Status.Code);

        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        var state = await Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID });
        var segments = await IndexedSegmentsAsync(info);

        Assert.Equal(CompactionState.Completed, state.State);
        Assert.True(state.CompletedPlanNo > 0);
        Assert.Contains(segments, s => s.CompactedFrom.Count > 1);
        var live = Enumerable.Range(0, 600).Where(r => r % 4 != 1).ToList();
        await AssertSearchesExactAsync(collection, live, k: 20);
        var queried = await collection.Query(QueryFor("sparse", "id in [0, 2, 599]", "sparse"));
        Assert.Equal(LongColumn(queried.FieldsData, "id").Select(id => Sparse.Encoded((int)id)), queried.FieldsData.Single(c => c.FieldName == "sparse").Vectors.SparseFloatVector.Contents);
    }

    [Fact]
    public async Task Range_search_keeps_scores_within_radius_and_range_filter()
    {
        var (_, collection) = await LoadedAsync(new CreateIndexRequest { FieldName = "sparse", ExtraParams = { Pair("index_type", "AUTOINDEX") } });
        await InsertAsync(collection, 0, Total);
        var query = Queries.Row(1);
        var request = SparseSearch(query, 1000, "{\"radius\": 0.3, \"range_filter\": 0.9}");

        var result = await collection.Search(request);

        Assert.True(result.Status.Code == 0, result.Status.Reason);
        var expected = Enumerable.Range(0, Total).Where(r => Sparse.Dot(r, query) is > 0.3 + 1e-5 and <= 0.9 - 1e-5).Select(r => (long)r).ToHashSet();
        Assert.Superset(expected, result.Results.Ids.IntId.Data.ToHashSet());
        Assert.All(result.Results.Scores, s => Assert.InRange(s, 0.3f, 0.9f));
        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task Query_and_search_return_the_sparse_vectors_as_inserted()
    {
        var (_, collection) = await LoadedAsync(new CreateIndexRequest { FieldName = "sparse", ExtraParams = { Pair("index_type", "SPARSE_WAND"), Pair("metric_type", "IP") } });
        await InsertAsync(collection, 0, 300);
        Assert.Equal(0, (await collection.Flush()).Status.Code);

        var queried = await collection.Query(QueryFor("sparse", "id in [3, 4, 250]", "sparse"));
        var searched = await collection.Search(SparseSearch(Queries.Row(0), 5, "{}", "sparse"));

        Assert.True(queried.Status.Code == 0, queried.Status.Reason);
        var ids = LongColumn(queried.FieldsData, "id");
        var rows = queried.FieldsData.Single(c => c.FieldName == "sparse").Vectors.SparseFloatVector.Contents;
        Assert.Equal([3L, 4, 250], ids.Order());
        Assert.Equal(ids.Select(id => Sparse.Encoded((int)id)), rows);
        Assert.True(searched.Status.Code == 0, searched.Status.Reason);
        var hits = searched.Results.FieldsData.Single(c => c.FieldName == "sparse").Vectors.SparseFloatVector.Contents;
        Assert.Equal(searched.Results.Ids.IntId.Data.Select(id => Sparse.Encoded((int)id)), hits);
    }

    [Fact]
    public async Task Grouping_search_on_a_sparse_field_returns_the_best_row_of_the_best_groups()
    {
        var (_, collection) = await LoadedAsync(new CreateIndexRequest { FieldName = "sparse", ExtraParams = { Pair("index_type", "SPARSE_INVERTED_INDEX") } });
        await InsertAsync(collection, 0, Total);
        var query = Queries.Row(2);
        var request = SparseSearch(query, 4, "{}");
        request.SearchParams.Add(Pair("group_by_field", "g"));

        var result = await collection.Search(request);

        Assert.True(result.Status.Code == 0, result.Status.Reason);
        var best = Enumerable.Range(0, Total).GroupBy(r => r % 7).Select(g => g.Max(r => Sparse.Dot(r, query))).OrderDescending().Take(4).ToList();
        Assert.Equal(best.Count, result.Results.Scores.Count);
        for (var i = 0; i < best.Count; i++)
        {
            Assert.Equal(best[i], result.Results.Scores[i], 1e-4);
        }
        Assert.Equal(4, result.Results.Ids.IntId.Data.Select(id => id % 7).Distinct().Count());
    }

    [Fact]
    public async Task Hybrid_search_fuses_the_dense_and_the_sparse_lists_with_rrf_and_weights()
    {
        var (_, collection) = await LoadedAsync(new CreateIndexRequest { FieldName = "sparse", ExtraParams = { Pair("index_type", "SPARSE_INVERTED_INDEX"), Pair("metric_type", "IP") } });
        await InsertAsync(collection, 0, Total);
        var dense = DenseSearch(Dense.Row(5).ToArray(), 10);
        var sparse = SparseSearch(Queries.Row(3), 10, "{}");
        var denseHits = (await collection.Search(dense)).Results.Ids.IntId.Data;
        var sparseHits = (await collection.Search(sparse)).Results.Ids.IntId.Data;
        var expected = denseHits.Select((id, rank) => (id, score: 1.0 / (60 + rank + 1)))
            .Concat(sparseHits.Select((id, rank) => (id, score: 1.0 / (60 + rank + 1))))
            .GroupBy(h => h.id).Select(g => g.Sum(h => h.score)).OrderDescending().Take(6).ToList();

        var rrf = await collection.HybridSearch(Hybrid([dense, sparse], "rrf", "{\"k\": 60}", 6));
        var sparseOnly = await collection.HybridSearch(Hybrid([dense, sparse], "weighted", "{\"weights\": [0.0, 1.0]}", 10));

        Assert.True(rrf.Status.Code == 0, rrf.Status.Reason);
        Assert.Equal(expected.Select(s => (float)s), rrf.Results.Scores);
        Assert.Contains(sparseHits[0], rrf.Results.Ids.IntId.Data);
        Assert.Contains(denseHits[0], rrf.Results.Ids.IntId.Data);
        Assert.True(sparseOnly.Status.Code == 0, sparseOnly.Status.Reason);
        Assert.Equal(sparseHits, sparseOnly.Results.Ids.IntId.Data.Take(sparseHits.Count));
    }

    [Theory]
    [InlineData("sparse", "HNSW", "IP", "HNSW")]
    [InlineData("sparse", "SPARSE_INVERTED_INDEX", "L2", "L2")]
    [InlineData("sparse", "SPARSE_INVERTED_INDEX", "BM25", "BM25 function")]
    [InlineData("dense", "SPARSE_WAND", "IP", "SPARSE_WAND")]
    public async Task Sparse_index_definitions_that_milvus_refuses_are_refused(string field, string indexType, string metric, string named)
    {
        await CreateAsync("defs", Schema());

        var status = await Silo.Coordinator.CreateIndex(new CreateIndexRequest
        {
            CollectionName = "defs",
            FieldName = field,
            ExtraParams = { Pair("index_type", indexType), Pair("metric_type", metric) },
        });

        Assert.Equal(1100, status.Code);
        Assert.Contains(named, status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autoindex_on_a_sparse_field_is_the_sparse_inverted_index_with_ip_and_bad_build_parameters_are_named()
    {
        await CreateAsync("defs", Schema());
        var badRatio = await Silo.Coordinator.CreateIndex(new CreateIndexRequest { CollectionName = "defs", FieldName = "sparse", ExtraParams = { Pair("index_type", "SPARSE_INVERTED_INDEX"), Pair("drop_ratio_build", "1.5") } });

        var auto = await Silo.Coordinator.CreateIndex(new CreateIndexRequest { CollectionName = "defs", FieldName = "sparse", ExtraParams = { Pair("index_type", "AUTOINDEX") } });
        var described = await Silo.Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "defs", FieldName = "sparse" });

        Assert.Equal(1100, badRatio.Code);
        Assert.Contains("drop_ratio_build", badRatio.Reason, StringComparison.Ordinal);
        Assert.True(auto.Code == 0, auto.Reason);
        Assert.Equal([("index_type", "SPARSE_INVERTED_INDEX"), ("metric_type", "IP")], described.IndexDescriptions.Single().Params.Select(p => (p.Key, p.Value)));
    }

    private static CollectionSchema Schema() => new()
    {
        Fields =
        {
            TestCollections.PrimaryKey(),
            TestCollections.Vector("dense", Dim),
            new FieldSchema { Name = "sparse", DataType = DataType.SparseFloatVector },
            TestCollections.Scalar("n", DataType.Int64),
            TestCollections.Scalar("g", DataType.Int64),
        },
    };

    /// <summary>Creates the collection, indexes the dense field with FLAT/L2 and the sparse field as asked, and loads it.</summary>
    private async Task<(CollectionInfo Info, ICollectionGrain Collection)> LoadedAsync(CreateIndexRequest sparseIndex)
    {
        var info = await CreateAsync("sparse", Schema());
        sparseIndex.CollectionName = "sparse";
        var indexed = await Silo.Coordinator.CreateIndex(sparseIndex);
        Assert.True(indexed.Code == 0, indexed.Reason);
        await IndexAndLoadAsync("sparse", "dense", "L2", Pair("index_type", "FLAT"));
        return (info, Collection(info));
    }

    private static async Task InsertAsync(ICollectionGrain collection, int start, int count)
    {
        for (var at = start; at < start + count; at += 100)
        {
            var rows = Math.Min(100, start + count - at);
            var inserted = await collection.Insert(new InsertRequest
            {
                CollectionName = "sparse",
                NumRows = (uint)rows,
                FieldsData =
                {
                    Columns.Int64("id", [.. Enumerable.Range(at, rows).Select(i => (long)i)]),
                    Columns.Vectors("dense", Dim, Dense.Rows(at, rows).ToArray()),
                    Sparse.Column("sparse", at, rows),
                    Columns.Int64("n", [.. Enumerable.Range(at, rows).Select(i => (long)i)]),
                    Columns.Int64("g", [.. Enumerable.Range(at, rows).Select(i => (long)(i % 7))]),
                },
            });
            Assert.True(inserted.Status.Code == 0, inserted.Status.Reason);
        }
    }

    private static async Task AssertSearchesExactAsync(ICollectionGrain collection, IEnumerable<int> live, int k, string filter = "")
    {
        var rows = live.ToList();
        for (var q = 0; q < Queries.Count; q++)
        {
            var request = SparseSearch(Queries.Row(q), k, "{\"drop_ratio_search\": 0}");
            request.Dsl = filter;
            var result = await collection.Search(request);
            Assert.True(result.Status.Code == 0, result.Status.Reason);
            Sparse.AssertExact(Queries.Row(q), rows, k, result.Results.Ids.IntId.Data, result.Results.Scores);
        }
    }

    /// <summary>A search of the sparse field as the SDKs send it: a SparseFloatVector placeholder of (index, value) pairs.</summary>
    private static SearchRequest SparseSearch(IReadOnlyDictionary<uint, float> query, int topK, string parameters, params string[] outputs)
    {
        var placeholder = new PlaceholderValue { Tag = "$0", Type = PlaceholderType.SparseFloatVector, Values = { SparseRows.Encode(query) } };
        return new SearchRequest
        {
            CollectionName = "sparse",
            DslType = DslType.BoolExprV1,
            PlaceholderGroup = new PlaceholderGroup { Placeholders = { placeholder } }.ToByteString(),
            Nq = 1,
            OutputFields = { outputs },
            SearchParams =
            {
                Pair("anns_field", "sparse"), Pair("topk", topK.ToString(CultureInfo.InvariantCulture)), Pair("metric_type", "IP"), Pair("params", parameters),
            },
            ConsistencyLevel = ConsistencyLevel.Strong,
        };
    }

    private static SearchRequest DenseSearch(float[] query, int topK)
    {
        var request = SearchFor("sparse", [query], topK, "L2");
        request.SearchParams.Add(Pair("anns_field", "dense"));
        return request;
    }

    private static HybridSearchRequest Hybrid(SearchRequest[] requests, string strategy, string parameters, int limit) => new()
    {
        CollectionName = "sparse",
        Requests = { requests },
        RankParams = { Pair("strategy", strategy), Pair("params", parameters), Pair("limit", limit.ToString(CultureInfo.InvariantCulture)) },
        ConsistencyLevel = ConsistencyLevel.Strong,
    };
}
