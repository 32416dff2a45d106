using System.Globalization;
using System.Text.Json.Nodes;

namespace OrleansVector.Gateway.Tests;

/// <summary>Sparse vectors through REST v2: rows in as {"index": value} maps, searched by a sparse query, returned as maps.</summary>
public sealed class RestSparseTests
{
    private const int RowCount = 300;

    [Fact]
    public async Task Sparse_search_through_rest_is_exact_and_returns_the_sparse_vectors()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var rest = new RestClient(server.Client);
        var rows = Rows();
        var query = new SortedDictionary<uint, float> { [2] = 0.8f, [5] = 0.3f, [17] = 1f, [40] = 0.5f };

        await rest.PostAsync("collections/create", new JsonObject
        {
            ["collectionName"] = "docs",
            ["schema"] = new JsonObject
            {
                ["fields"] = new JsonArray(
                    Field("id", "Int64", new JsonObject(), primary: true),
                    Field("dense", "FloatVector", new JsonObject { ["dim"] = "4" }),
                    Field("sparse", "SparseFloatVector", new JsonObject())),
            },
            ["indexParams"] = new JsonArray(
                new JsonObject { ["fieldName"] = "dense", ["indexName"] = "dense", ["metricType"] = "L2", ["params"] = new JsonObject { ["index_type"] = "FLAT" } },
                new JsonObject
                {
                    ["fieldName"] = "sparse", ["indexName"] = "sparse", ["metricType"] = "IP",
                    ["params"] = new JsonObject { ["index_type"] = "SPARSE_INVERTED_INDEX", ["inverted_index_algo"] = "DAAT_MAXSCORE" },
                }),
        });
        await rest.WaitLoadedAsync("docs");
        var inserted = await rest.PostAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = "docs",
            ["data"] = new JsonArray([.. rows.Select((row, id) => (JsonNode)new JsonObject
            {
                ["id"] = id, ["dense"] = new JsonArray(1, 0, 0, 0), ["sparse"] = Map(row),
            })]),
        });
        var found = (JsonArray)(await rest.PostAsync("entities/search", new JsonObject
        {
            ["collectionName"] = "docs", ["annsField"] = "sparse", ["data"] = new JsonArray(Map(query)), ["limit"] = 10,
            ["outputFields"] = new JsonArray("sparse"), ["searchParams"] = new JsonObject { ["params"] = new JsonObject { ["drop_ratio_search"] = 0 } },
            ["consistencyLevel"] = "Strong",
        }))!;
        var fused = (JsonArray)(await rest.PostAsync("entities/hybrid_search", new JsonObject
        {
            ["collectionName"] = "docs",
            ["search"] = new JsonArray(
                new JsonObject { ["data"] = new JsonArray(new JsonArray(0, 1, 0, 0)), ["annsField"] = "dense", ["limit"] = 10 },
                new JsonObject { ["data"] = new JsonArray(Map(query)), ["annsField"] = "sparse", ["limit"] = 10 }),
            ["rerank"] = new JsonObject { ["strategy"] = "weighted", ["params"] = new JsonObject { ["weights"] = new JsonArray(0, 1) } },
            ["limit"] = 5, ["outputFields"] = new JsonArray("id"), ["consistencyLevel"] = "Strong",
        }))!;

        Assert.Equal(RowCount, (int)inserted!["insertCount"]!);
        // Weights (0, 1): the fused list follows the sparse scores alone.
        Assert.Equal(found.Take(5).Select(r => (long)r!["id"]!), fused.Select(r => (long)r!["id"]!));
        var expected = Enumerable.Range(0, RowCount).Select(r => Dot(rows[r], query)).Where(s => s > 0).OrderDescending().Take(10).ToList();
        Assert.Equal(expected.Count, found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            var id = (int)found[i]!["id"]!;
            Assert.Equal(expected[i], (double)found[i]!["distance"]!, 1e-4);
            Assert.Equal(Dot(rows[id], query), (double)found[i]!["distance"]!, 1e-4);
            var returned = found[i]!["sparse"]!.AsObject().ToDictionary(p => uint.Parse(p.Key, CultureInfo.InvariantCulture), p => (float)p.Value!);
            Assert.Equal(rows[id], returned);
        }
    }

    /// <summary>Rows of 0..9 non-zeros over 60 dimensions, from a fixed seed.</summary>
    private static List<SortedDictionary<uint, float>> Rows()
    {
        var random = new Random(9);
        var rows = new List<SortedDictionary<uint, float>>();
        for (var r = 0; r < RowCount; r++)
        {
            var row = new SortedDictionary<uint, float>();
            var length = random.Next(10);
            while (row.Count < length)
            {
                row[(uint)random.Next(60)] = MathF.Round((float)random.NextDouble(), 3) + 0.001f;
            }
            rows.Add(row);
        }
        return rows;
    }

    private static double Dot(SortedDictionary<uint, float> row, SortedDictionary<uint, float> query) =>
        row.Sum(p => query.TryGetValue(p.Key, out var q) ? (double)p.Value * q : 0);

    private static JsonObject Map(SortedDictionary<uint, float> row) =>
        new([.. row.Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)p.Value))]);

    private static JsonObject Field(string name, string type, JsonObject parameters, bool primary = false) => new()
    {
        ["fieldName"] = name, ["dataType"] = type, ["isPrimary"] = primary, ["elementTypeParams"] = parameters,
    };
}
