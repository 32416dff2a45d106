using System.Text.Json;

namespace OrleansVector.Compat.Tests;

/// <summary>The official Milvus Node SDK through the data flow against a real silo: 10k rows in, searched (also hybrid), queried, deleted, upserted.</summary>
public sealed class NodeSdkDataFlowTests
{
    [Fact]
    public async Task Rows_inserted_through_the_SDK_are_searched_counted_got_deleted_and_upserted()
    {
        await using var silo = await ReadySilo.StartAsync();

        var result = (await NodeScript.RunAsync("data-flow.js", silo.GrpcAddress())).SucceededWithJson();

        Assert.Equal(10000, result.GetProperty("inserted").GetInt32());
        Assert.Equal("LoadStateLoaded", result.GetProperty("loadState").GetString());
        var search = result.GetProperty("search");
        Assert.True(search.GetProperty("recall").GetDouble() >= 0.9, $"filtered HNSW recall@10 against brute force: {search.GetProperty("recall")}");
        Assert.Equal(0, search.GetProperty("filterViolations").GetInt32());
        Assert.All(search.GetProperty("perQuery").EnumerateArray(), hits => Assert.Equal(10, hits.GetInt32()));
        // Milvus returns squared L2 distances, best first: the first query's scores are the brute-force ones.
        var scores = search.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToList();
        var expectedScores = search.GetProperty("expectedScores").EnumerateArray().Select(s => s.GetDouble()).ToList();
        Assert.Equal(expectedScores.Count, scores.Count);
        Assert.All(scores.Zip(expectedScores), pair => Assert.Equal(pair.Second, pair.First, 3));
        var sample = search.GetProperty("sample");
        var expected = search.GetProperty("expectedSample");
        Assert.Equal(expected.GetProperty("year").GetInt32(), sample.GetProperty("year").GetInt32());
        Assert.Equal(expected.GetProperty("category").GetString(), sample.GetProperty("category").GetString());
        Assert.Equal(expected.GetProperty("tag").GetString(), sample.GetProperty("tag").GetString());

        Assert.Equal(10000, result.GetProperty("countAll").GetInt32());
        Assert.Equal(1000, result.GetProperty("countNullYear").GetInt32());
        Assert.Equal(2500, result.GetProperty("countTech").GetInt32());
        var got = result.GetProperty("got").EnumerateArray().ToList();
        Assert.Equal([3, 4, 5], got.Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal([1993, 1994, 1995], got.Select(r => r.GetProperty("year").GetInt32()));
        Assert.Equal(["art", "news", "sports"], got.Select(r => r.GetProperty("category").GetString()));
        Assert.Equal(["t3", "t4", "t5"], got.Select(r => r.GetProperty("tag").GetString()));

        Assert.Equal(2, result.GetProperty("deletedByIds").GetInt32());
        Assert.Equal(9998, result.GetProperty("countAfterIdDelete").GetInt32());
        Assert.Equal(9990, result.GetProperty("countAfterFilterDelete").GetInt32());
        Assert.Equal(0, result.GetProperty("deletedVisible").GetInt32());
        var upserted = result.GetProperty("upserted").EnumerateArray().Single();
        Assert.Equal(2042, upserted.GetProperty("year").GetInt32());
        Assert.Equal("upserted", upserted.GetProperty("category").GetString());
        Assert.Equal(9990, result.GetProperty("countAfterUpsert").GetInt32());
        var compaction = result.GetProperty("compaction");
        Assert.Equal("Completed", compaction.GetProperty("state").GetString());
        Assert.Equal(9990, compaction.GetProperty("count").GetInt32());

        var hybrid = result.GetProperty("hybrid");
        Assert.Equal(10, hybrid.GetProperty("hits").GetInt32());
        Assert.Equal(10, hybrid.GetProperty("distinct").GetInt32());
        Assert.True(hybrid.GetProperty("categories").GetBoolean());
        var quick = result.GetProperty("quick").EnumerateArray().Single();
        Assert.Equal(1, quick.GetProperty("id").GetInt32());
        Assert.Equal([1f, 0f, 0f, 0f], quick.GetProperty("vector").EnumerateArray().Select(v => v.GetSingle()));

        AssertError(result.GetProperty("searchUnloaded"), 101);
        AssertError(result.GetProperty("wrongDimension"), null);
        AssertError(result.GetProperty("badFilter"), null);
        Assert.Empty(result.GetProperty("afterDrop").EnumerateArray());
        Assert.Equal(0, await silo.TerminateAsync(ReadySilo.StopTimeout));
    }

    /// <summary>The SDK saw a Milvus error: not Success, a non-zero code (the given one when known) and a reason.</summary>
    private static void AssertError(JsonElement status, int? code)
    {
        Assert.NotEqual("Success", status.GetProperty("error_code").GetString());
        var actual = status.GetProperty("code").GetInt32();
        Assert.True(code is null ? actual != 0 : actual == code, $"unexpected status {status}");
        Assert.NotEqual("", status.GetProperty("reason").GetString());
    }
}
