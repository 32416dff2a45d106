using System.Text.Json.Nodes;
using OrleansVector.Gateway.Tests;
using OrleansVector.TestSupport;

namespace OrleansVector.Silo.Tests;

/// <summary>
/// REST v2 with plain HTTP against the real executable: insert, upsert, search and query of binary, float16, bfloat16
/// and int8 vectors in Milvus's JSON forms, and sparse rows written.
/// </summary>
public sealed class RestVectorTypesTests
{
    private static JsonArray Numbers(params double[] values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonObject Field(string name, string type, JsonObject? typeParams = null, bool primary = false)
    {
        var field = new JsonObject { ["fieldName"] = name, ["dataType"] = type, ["isPrimary"] = primary };
        if (typeParams is not null)
        {
            field["elementTypeParams"] = typeParams;
        }
        return field;
    }

    /// <summary>
    /// A collection {id, v: type(dim)} indexed and loaded; rows 0..3 inserted from <paramref name="rows"/>, row 0 then
    /// upserted to <paramref name="replacement"/>; searched with the replacement and queried for row 1.
    /// </summary>
    private static async Task<(JsonArray Hits, JsonNode? Row1)> RoundTripAsync(RestClient rest, string type, int dim, string index, string metric,
        JsonNode[] rows, JsonNode replacement)
    {
        var collection = "v_" + type.ToLowerInvariant();
        await rest.PostAsync("collections/create", new JsonObject
        {
            ["collectionName"] = collection,
            ["schema"] = new JsonObject
            {
                ["fields"] = new JsonArray(Field("id", "Int64", primary: true), Field("v", type, new JsonObject { ["dim"] = dim })),
            },
            ["indexParams"] = new JsonArray(new JsonObject
            {
                ["fieldName"] = "v", ["indexName"] = "v", ["metricType"] = metric, ["params"] = new JsonObject { ["index_type"] = index },
            }),
        });
        await rest.WaitLoadedAsync(collection);
        var inserted = await rest.PostAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = collection,
            ["data"] = new JsonArray(rows.Select((v, i) => (JsonNode)new JsonObject { ["id"] = i, ["v"] = v.DeepClone() }).ToArray()),
        });
        var upserted = await rest.PostAsync("entities/upsert", new JsonObject
        {
            ["collectionName"] = collection, ["data"] = new JsonArray(new JsonObject { ["id"] = 0, ["v"] = replacement.DeepClone() }),
        });
        Assert.Equal(rows.Length, (int)inserted!["insertCount"]!);
        Assert.Equal(1, (int)upserted!["upsertCount"]!);
        var hits = (JsonArray)(await rest.PostAsync("entities/search", new JsonObject
        {
            ["collectionName"] = collection, ["data"] = new JsonArray(replacement.DeepClone()), ["limit"] = 2,
            ["outputFields"] = new JsonArray("v"), ["consistencyLevel"] = "Strong",
        }))!;
        var queried = (JsonArray)(await rest.PostAsync("entities/query", new JsonObject
        {
            ["collectionName"] = collection, ["filter"] = "id == 1", ["outputFields"] = new JsonArray("v"), ["consistencyLevel"] = "Strong",
        }))!;
        return (hits, queried.Single()!["v"]);
    }

    private static void AssertNearest(JsonArray hits, string expectedVector)
    {
        Assert.Equal(0L, (long)hits[0]!["id"]!);
        Assert.Equal(0.0, (double)hits[0]!["distance"]!, 6);
        Assert.Equal(expectedVector, hits[0]!["v"]!.ToJsonString());
        Assert.Equal(2, hits.Count);
    }

    [Fact]
    public async Task Dense_vector_types_are_written_upserted_searched_and_read_back_over_rest()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilReadyAsync(SiloTimeouts.Start);
        using var http = new HttpClient { BaseAddress = silo.HttpUri };
        var rest = new RestClient(http);

        // Binary (dim 16 = 2 bytes), rows as byte numbers and one as base64; Hamming distance 0 for the same bits.
        var (binaryHits, binaryRow1) = await RoundTripAsync(rest, "BinaryVector", 16, "BIN_FLAT", "HAMMING",
            [Numbers(0, 0), "8AA=", Numbers(15, 15), Numbers(255, 255)], Numbers(170, 85));
        // Float16 and BFloat16 (dim 4) as float arrays, values exact in both types.
        var (halfHits, halfRow1) = await RoundTripAsync(rest, "Float16Vector", 4, "FLAT", "L2",
            [Numbers(0, 0, 0, 0), Numbers(1, 0.5, -2, 4), Numbers(8, 8, 8, 8), Numbers(-1, -1, -1, -1)], Numbers(0.25, 0.25, 2, 2));
        var (brainHits, brainRow1) = await RoundTripAsync(rest, "BFloat16Vector", 4, "FLAT", "L2",
            [Numbers(0, 0, 0, 0), Numbers(1, 0.5, -2, 4), Numbers(8, 8, 8, 8), Numbers(-1, -1, -1, -1)], Numbers(0.25, 0.25, 2, 2));
        // Int8 (dim 4), indexed by HNSW as Milvus requires for this type.
        var (int8Hits, int8Row1) = await RoundTripAsync(rest, "Int8Vector", 4, "HNSW", "L2",
            [Numbers(0, 0, 0, 0), Numbers(-128, -1, 1, 127), Numbers(50, 50, 50, 50), Numbers(-50, -50, -50, -50)], Numbers(10, 20, 30, 40));

        AssertNearest(binaryHits, "\"qlU=\""); // 170, 85
        Assert.Equal("\"8AA=\"", binaryRow1!.ToJsonString());
        AssertNearest(halfHits, $"\"{Convert.ToBase64String([.. Halves(0.25, 0.25, 2, 2)])}\"");
        Assert.Equal($"\"{Convert.ToBase64String([.. Halves(1, 0.5, -2, 4)])}\"", halfRow1!.ToJsonString());
        AssertNearest(brainHits, $"\"{Convert.ToBase64String([.. BFloat16s(0.25f, 0.25f, 2, 2)])}\"");
        Assert.Equal($"\"{Convert.ToBase64String([.. BFloat16s(1, 0.5f, -2, 4)])}\"", brainRow1!.ToJsonString());
        AssertNearest(int8Hits, "[10,20,30,40]");
        Assert.Equal("[-128,-1,1,127]", int8Row1!.ToJsonString());
        Assert.Equal(0, await silo.TerminateAsync(SiloTimeouts.Shutdown));
    }

    [Fact]
    public async Task Sparse_rows_are_written_in_both_json_forms_and_a_malformed_one_is_refused()
    {
        await using var silo = SiloProcess.Start();
        await silo.WaitUntilReadyAsync(SiloTimeouts.Start);
        using var http = new HttpClient { BaseAddress = silo.HttpUri };
        var rest = new RestClient(http);
        await rest.PostAsync("collections/create", new JsonObject
        {
            ["collectionName"] = "sparse",
            ["schema"] = new JsonObject
            {
                ["fields"] = new JsonArray(Field("id", "Int64", primary: true), Field("s", "SparseFloatVector")),
            },
        });

        var inserted = await rest.PostAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = "sparse",
            ["data"] = new JsonArray(
                new JsonObject { ["id"] = 1, ["s"] = new JsonObject { ["7"] = 0.5, ["3"] = 1.5 } },
                new JsonObject { ["id"] = 2, ["s"] = new JsonObject { ["indices"] = Numbers(100, 4), ["values"] = Numbers(0.25, 2) } }),
        });
        var upserted = await rest.PostAsync("entities/upsert", new JsonObject
        {
            ["collectionName"] = "sparse", ["data"] = new JsonArray(new JsonObject { ["id"] = 1, ["s"] = new JsonObject { ["9"] = 1 } }),
        });
        var (code, message) = await rest.FailAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = "sparse", ["data"] = new JsonArray(new JsonObject { ["id"] = 3, ["s"] = new JsonObject { ["x"] = 1 } }),
        });

        Assert.Equal(2, (int)inserted!["insertCount"]!);
        Assert.Equal(1, (int)upserted!["upsertCount"]!);
        Assert.Equal(1801, code);
        Assert.Contains("data[0].s key", message, StringComparison.Ordinal);
        Assert.Equal(0, await silo.TerminateAsync(SiloTimeouts.Shutdown));
    }

    private static IEnumerable<byte> Halves(params double[] values) =>
        values.SelectMany(v => BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)v)));

    private static IEnumerable<byte> BFloat16s(params float[] values) =>
        values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)));
}
