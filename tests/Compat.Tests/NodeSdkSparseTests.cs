using System.Text.Json;

namespace OrleansVector.Compat.Tests;

/// <summary>
/// The official Milvus Node SDK with a SPARSE_FLOAT_VECTOR field against a real silo: SPARSE_INVERTED_INDEX, sparse
/// search exact against brute force (growing and sealed rows, with a filter), hybrid dense + sparse search, sparse
/// vectors in query and search output.
/// </summary>
public sealed class NodeSdkSparseTests
{
    [Fact]
    public async Task Sparse_vectors_are_indexed_searched_exactly_fused_with_dense_ones_and_returned()
    {
        await using var silo = await ReadySilo.StartAsync();

        var result = (await NodeScript.RunAsync("sparse-flow.js", silo.GrpcAddress())).SucceededWithJson();

        Assert.Equal("SparseFloatVector", result.GetProperty("sparseField").GetString());
        Assert.Equal(2000, result.GetProperty("inserted").GetInt32());
        var index = result.GetProperty("sparseIndex");
        Assert.Equal("SPARSE_INVERTED_INDEX", index.GetProperty("index_type").GetString());
        Assert.Equal("IP", index.GetProperty("metric_type").GetString());
        AssertExact(result.GetProperty("growing"), 30);
        Assert.Equal(2000, result.GetProperty("indexedRows").GetInt32());
        AssertExact(result.GetProperty("sealed"), 30);
        var filtered = result.GetProperty("filtered");
        AssertExact(filtered, 10);
        Assert.Equal(0, filtered.GetProperty("violations").GetInt32());
        Assert.True(filtered.GetProperty("vectorsReturned").GetBoolean(), "search output_fields ['sparse'] returns each hit's sparse vector");

        var hybrid = result.GetProperty("hybrid");
        Assert.Equal(10, hybrid.GetProperty("hits").GetInt32());
        Assert.Equal(10, hybrid.GetProperty("distinct").GetInt32());
        Assert.True(hybrid.GetProperty("rrfScoresMatch").GetBoolean(), "RRF scores are 1/(60+rank) summed over the dense and sparse lists");
        Assert.True(hybrid.GetProperty("outputs").GetBoolean());
        Assert.True(hybrid.GetProperty("weightedFollowsSparse").GetBoolean(), "weights [0, 1] rank by the sparse list alone");

        var query = result.GetProperty("query");
        Assert.Equal(3, query.GetProperty("rows").GetInt32());
        Assert.True(query.GetProperty("equal").GetBoolean(), "query returns the inserted sparse vectors");
        Assert.DoesNotContain("sparse_items", result.GetProperty("afterDrop").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, await silo.TerminateAsync(ReadySilo.StopTimeout));
    }

    /// <summary>A search report: the hits brute force expects (all of them, as many as asked), each score and rank exact.</summary>
    private static void AssertExact(JsonElement report, int expectedHits)
    {
        Assert.Equal(expectedHits, report.GetProperty("expectedHits").GetInt32());
        Assert.Equal(expectedHits, report.GetProperty("hits").GetInt32());
        Assert.Equal(0, report.GetProperty("scoreMismatches").GetInt32());
        Assert.Equal(0, report.GetProperty("rankMismatches").GetInt32());
    }
}
