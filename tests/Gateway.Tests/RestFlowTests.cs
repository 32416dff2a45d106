using System.Text.Json.Nodes;

namespace OrleansVector.Gateway.Tests;

/// <summary>REST v2 with plain HTTP calls over the real grains: a collection's life, rows in and out.</summary>
public sealed class RestFlowTests
{
    private static JsonArray Vector(params float[] values) => new(values.Select(v => (JsonNode)v).ToArray());

    [Fact]
    public async Task Quick_setup_collection_takes_rows_and_answers_query_get_search_and_delete()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var rest = new RestClient(server.Client);

        await rest.PostAsync("collections/create", new JsonObject { ["collectionName"] = "books", ["dimension"] = 4, ["metricType"] = "L2" });
        await rest.WaitLoadedAsync("books");
        var has = await rest.PostAsync("collections/has", new JsonObject { ["collectionName"] = "books" });
        var list = await rest.PostAsync("collections/list", []);
        var described = await rest.PostAsync("collections/describe", new JsonObject { ["collectionName"] = "books" });
        var inserted = await rest.PostAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = "books",
            ["data"] = new JsonArray(
                new JsonObject { ["id"] = 1, ["vector"] = Vector(1, 0, 0, 0), ["color"] = "red" },
                new JsonObject { ["id"] = 2, ["vector"] = Vector(0, 1, 0, 0), ["color"] = "green" },
                new JsonObject { ["id"] = 3, ["vector"] = Vector(0, 0, 1, 0), ["color"] = "blue" }),
        });
        var queried = (JsonArray)(await rest.PostAsync("entities/query", new JsonObject
        {
            ["collectionName"] = "books", ["filter"] = "id >= {least}", ["exprParams"] = new JsonObject { ["least"] = 2 },
            ["outputFields"] = new JsonArray("id", "color"), ["consistencyLevel"] = "Strong",
        }))!;
        var got = (JsonArray)(await rest.PostAsync("entities/get", new JsonObject
        {
            ["collectionName"] = "books", ["id"] = new JsonArray(3), ["outputFields"] = new JsonArray("color"), ["consistencyLevel"] = "Strong",
        }))!;
        var found = (JsonArray)(await rest.PostAsync("entities/search", new JsonObject
        {
            ["collectionName"] = "books", ["data"] = new JsonArray(Vector(0, 0.9f, 0.1f, 0)), ["limit"] = 2,
            ["outputFields"] = new JsonArray("color"), ["consistencyLevel"] = "Strong",
        }))!;
        await rest.PostAsync("entities/delete", new JsonObject { ["collectionName"] = "books", ["filter"] = "id in [1]" });
        var counted = (JsonArray)(await rest.PostAsync("entities/query", new JsonObject
        {
            ["collectionName"] = "books", ["outputFields"] = new JsonArray("count(*)"), ["consistencyLevel"] = "Strong",
        }))!;
        await rest.PostAsync("collections/drop", new JsonObject { ["collectionName"] = "books" });
        var hasAfterDrop = await rest.PostAsync("collections/has", new JsonObject { ["collectionName"] = "books" });

        Assert.True((bool)has!["has"]!);
        Assert.Contains("books", list!.AsArray().Select(n => (string?)n));
        Assert.True((bool)described!["enableDynamicField"]!);
        Assert.Equal(["id", "vector"], described["fields"]!.AsArray().Select(f => (string?)f!["name"]));
        Assert.Equal(3, (int)inserted!["insertCount"]!);
        Assert.Equal([1L, 2L, 3L], inserted["insertIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal(["green", "blue"], queried.OrderBy(r => (long)r!["id"]!).Select(r => (string?)r!["color"]));
        Assert.Equal("blue", (string?)got.Single()!["color"]);
        Assert.Equal([2L, 3L], found.Select(r => (long)r!["id"]!));
        Assert.Equal("green", (string?)found[0]!["color"]);
        Assert.True((double)found[0]!["distance"]! < (double)found[1]!["distance"]!);
        Assert.Equal(2, (long)counted.Single()!["count(*)"]!);
        Assert.False((bool)hasAfterDrop!["has"]!);
    }
}
