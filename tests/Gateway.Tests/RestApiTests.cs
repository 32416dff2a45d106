using System.Net;
using System.Text.Json.Nodes;

namespace OrleansVector.Gateway.Tests;

/// <summary>REST v2 with plain HTTP calls: the error shapes and authentication.</summary>
public sealed class RestApiTests
{
    [Fact]
    public async Task Errors_come_back_as_code_and_message()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var rest = new RestClient(server.Client);

        var unknown = await rest.FailAsync("collections/describe", new JsonObject { ["collectionName"] = "missing" });
        var missing = await rest.FailAsync("collections/describe", []);
        var badType = await rest.FailAsync("collections/describe", new JsonObject { ["collectionName"] = 7 });
        var (notJsonStatus, notJson) = await rest.PostRawAsync("collections/list", "{not json");
        var (noRouteStatus, _) = await rest.PostRawAsync("collections/explode", "{}");

        Assert.Equal(100, unknown.Code);
        Assert.Contains("missing", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(1802, missing.Code);
        Assert.Contains("collectionName", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1801, badType.Code);
        Assert.Equal(HttpStatusCode.OK, notJsonStatus);
        Assert.Equal(1801, (int)notJson["code"]!);
        Assert.Equal(HttpStatusCode.NotFound, noRouteStatus);
    }

    [Fact]
    public async Task With_authentication_on_a_call_needs_a_bearer_user_and_password_and_root_manages_users()
    {
        await using var server = await GatewayTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Auth:Enabled"] = "true",
            ["Gateway:Auth:RootPassword"] = "rest-root-pw",
            ["Gateway:Auth:HashIterations"] = "1000",
        });

        var (anonymousStatus, anonymous) = await new RestClient(server.Client).PostRawAsync("collections/list", "{}");
        var (wrongStatus, _) = await new RestClient(server.Client, "root:nope").PostRawAsync("collections/list", "{}");
        var root = new RestClient(server.Client, "root:rest-root-pw");
        var listed = await root.PostAsync("collections/list", []);
        await root.PostAsync("users/create", new JsonObject { ["userName"] = "carol", ["password"] = "carol-pass-1" });
        var users = await root.PostAsync("users/list", []);
        var asCarol = await new RestClient(server.Client, "carol:carol-pass-1").PostAsync("collections/list", []);
        var carolCreates = await new RestClient(server.Client, "carol:carol-pass-1").FailAsync("users/create",
            new JsonObject { ["userName"] = "dave", ["password"] = "dave-pass-1" });
        await root.PostAsync("users/update_password", new JsonObject { ["userName"] = "carol", ["password"] = "carol-pass-1", ["newPassword"] = "carol-pass-2" });
        var (oldPasswordStatus, _) = await new RestClient(server.Client, "carol:carol-pass-1").PostRawAsync("collections/list", "{}");
        await root.PostAsync("users/drop", new JsonObject { ["userName"] = "carol" });
        var (droppedStatus, _) = await new RestClient(server.Client, "carol:carol-pass-2").PostRawAsync("collections/list", "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus);
        Assert.Equal(1800, (int)anonymous["code"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.NotNull(listed);
        Assert.Equal(["root", "carol"], users!.AsArray().Select(n => (string?)n));
        Assert.NotNull(asCarol);
        Assert.Equal(1401, carolCreates.Code);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPasswordStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, droppedStatus);
    }

    [Fact]
    public async Task A_custom_schema_collection_with_partitions_aliases_indexes_and_databases_through_REST()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var rest = new RestClient(server.Client);
        JsonObject Books(JsonObject? extra = null)
        {
            var body = new JsonObject { ["collectionName"] = "books" };
            foreach (var (key, value) in extra ?? [])
            {
                body[key] = value?.DeepClone();
            }
            return body;
        }

        await rest.PostAsync("collections/create", Books(new JsonObject
        {
            ["schema"] = new JsonObject
            {
                ["enableDynamicField"] = false,
                ["fields"] = new JsonArray(
                    new JsonObject { ["fieldName"] = "book_id", ["dataType"] = "Int64", ["isPrimary"] = true },
                    new JsonObject { ["fieldName"] = "title", ["dataType"] = "VarChar", ["elementTypeParams"] = new JsonObject { ["max_length"] = 64 }, ["nullable"] = true },
                    new JsonObject { ["fieldName"] = "embedding", ["dataType"] = "FloatVector", ["elementTypeParams"] = new JsonObject { ["dim"] = "8" } }),
            },
        }));
        var described = await rest.PostAsync("collections/describe", Books());
        var loadState = await rest.PostAsync("collections/get_load_state", Books());
        await rest.PostAsync("partitions/create", Books(new JsonObject { ["partitionName"] = "fiction" }));
        var partitions = await rest.PostAsync("partitions/list", Books());
        var hasPartition = await rest.PostAsync("partitions/has", Books(new JsonObject { ["partitionName"] = "fiction" }));
        await rest.PostAsync("aliases/create", Books(new JsonObject { ["aliasName"] = "shelf" }));
        var alias = await rest.PostAsync("aliases/describe", new JsonObject { ["aliasName"] = "shelf" });
        var aliases = await rest.PostAsync("aliases/list", Books());
        await rest.PostAsync("aliases/drop", new JsonObject { ["aliasName"] = "shelf" });
        await rest.PostAsync("indexes/create", Books(new JsonObject
        {
            ["indexParams"] = new JsonArray(new JsonObject
            {
                ["fieldName"] = "embedding", ["indexName"] = "emb", ["metricType"] = "IP",
                ["params"] = new JsonObject { ["index_type"] = "IVF_FLAT", ["nlist"] = 16 },
            }),
        }));
        var indexes = await rest.PostAsync("indexes/list", Books());
        var index = await rest.PostAsync("indexes/describe", Books(new JsonObject { ["indexName"] = "emb" }));
        await rest.PostAsync("indexes/drop", Books(new JsonObject { ["indexName"] = "emb" }));
        var missingIndex = await rest.FailAsync("indexes/describe", Books(new JsonObject { ["indexName"] = "emb" }));
        await rest.PostAsync("databases/create", new JsonObject { ["dbName"] = "archive" });
        var databases = await rest.PostAsync("databases/list", []);
        var inArchive = await rest.PostAsync("collections/list", new JsonObject { ["dbName"] = "archive" });
        await rest.PostAsync("databases/drop", new JsonObject { ["dbName"] = "archive" });
        await rest.PostAsync("collections/drop", Books());
        var unknownAfterDrop = await rest.FailAsync("collections/describe", Books());

        Assert.False((bool)described!["enableDynamicField"]!);
        var fields = described["fields"]!.AsArray();
        Assert.Equal(["book_id", "title", "embedding"], fields.Select(f => (string?)f!["name"]));
        Assert.Equal(["Int64", "VarChar", "FloatVector"], fields.Select(f => (string?)f!["type"]));
        Assert.True((bool)fields[1]!["nullable"]!);
        Assert.True((bool)fields[0]!["primaryKey"]!);
        Assert.Equal("LoadStateNotLoad", (string?)loadState!["loadState"]);
        Assert.Equal(["_default", "fiction"], partitions!.AsArray().Select(n => (string?)n).Order());
        Assert.True((bool)hasPartition!["has"]!);
        Assert.Equal("books", (string?)alias!["collectionName"]);
        Assert.Equal(["shelf"], aliases!.AsArray().Select(n => (string?)n));
        Assert.Equal(["emb"], indexes!.AsArray().Select(n => (string?)n));
        Assert.Equal("IVF_FLAT", (string?)index!.AsArray().Single()!["indexType"]);
        Assert.Equal("IP", (string?)index.AsArray().Single()!["metricType"]);
        Assert.Equal(700, missingIndex.Code);
        Assert.Contains("archive", databases!.AsArray().Select(n => (string?)n));
        Assert.Empty(inArchive!.AsArray());
        Assert.Equal(100, unknownAfterDrop.Code);
    }
}
