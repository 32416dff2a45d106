using System.Text.Json;

namespace OrleansVector.Compat.Tests;

/// <summary>The official Milvus Node SDK through the DDL flow against a real silo: what it reads back, and the errors it surfaces.</summary>
public sealed class NodeSdkDdlTests
{
    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Databases_collections_indexes_partitions_aliases_and_load_state_work_through_the_SDK()
    {
        await using var silo = await ReadySilo.StartAsync();

        var result = (await NodeScript.RunAsync("ddl-flow.js", silo.GrpcAddress())).SucceededWithJson();

        Assert.Contains("library", Strings(result.GetProperty("databases")));
        Assert.Contains("default", Strings(result.GetProperty("databases")));
        var quickFields = result.GetProperty("quick").GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["id", "vector"], quickFields.Select(f => f.GetProperty("name").GetString()));
        Assert.True(quickFields[0].GetProperty("primary").GetBoolean());
        Assert.Equal("FloatVector", quickFields[1].GetProperty("type").GetString());
        Assert.True(result.GetProperty("quick").GetProperty("dynamic").GetBoolean());
        Assert.NotEqual("0", result.GetProperty("quick").GetProperty("collectionID").GetString());
        Assert.Equal("LoadStateLoaded", result.GetProperty("quickLoadState").GetString());

        Assert.Equal(["books", "quick"], Strings(result.GetProperty("collections")));
        Assert.True(result.GetProperty("hasBooks").GetBoolean());
        var books = result.GetProperty("books").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(["book_id", "title", "year", "embedding"], books.Keys);
        Assert.True(books["year"].GetProperty("nullable").GetBoolean());
        Assert.Equal("16", books["embedding"].GetProperty("dim").GetString());

        var index = result.GetProperty("index");
        Assert.Equal("emb_hnsw", index.GetProperty("name").GetString());
        Assert.Equal("embedding", index.GetProperty("field").GetString());
        Assert.Equal("HNSW", index.GetProperty("params").GetProperty("index_type").GetString());
        Assert.Equal("COSINE", index.GetProperty("params").GetProperty("metric_type").GetString());
        Assert.Equal(700, result.GetProperty("missingIndex").GetProperty("code").GetInt32());
        Assert.Equal("IndexNotExist", result.GetProperty("missingIndex").GetProperty("error_code").GetString());

        Assert.True(result.GetProperty("hasFiction").GetBoolean());
        Assert.Equal(["_default", "fiction"], Strings(result.GetProperty("partitions")));
        Assert.Equal(["_default"], Strings(result.GetProperty("partitionsAfterDrop")));

        Assert.Equal("shelf", result.GetProperty("alias").GetProperty("alias").GetString());
        Assert.Equal("books", result.GetProperty("alias").GetProperty("collection").GetString());
        Assert.Equal("books", result.GetProperty("viaAlias").GetString());
        Assert.Equal("quick", result.GetProperty("aliasAfterAlter").GetString());

        Assert.Equal("LoadStateLoaded", result.GetProperty("booksLoadState").GetString());
        Assert.Equal("LoadStateNotLoad", result.GetProperty("booksAfterRelease").GetString());

        var unknown = result.GetProperty("unknownCollection");
        Assert.Equal(100, unknown.GetProperty("code").GetInt32());
        Assert.Equal("CollectionNotExists", unknown.GetProperty("error_code").GetString());
        var duplicate = result.GetProperty("duplicateCollection");
        Assert.Equal(1100, duplicate.GetProperty("code").GetInt32());
        Assert.Contains("already exists", duplicate.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("collection name", result.GetProperty("badName").GetRawText(), StringComparison.Ordinal);

        Assert.Equal(["novels", "quick"], Strings(result.GetProperty("afterRename")));
        Assert.Empty(result.GetProperty("afterDrop").EnumerateArray());
        Assert.DoesNotContain("library", Strings(result.GetProperty("databasesAfterDrop")));
        Assert.Equal(0, await silo.TerminateAsync(ReadySilo.StopTimeout));
    }
}
