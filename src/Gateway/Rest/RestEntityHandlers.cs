using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// REST v2 entities: rows in and out as JSON objects, converted by the collection's schema (described by the coordinator)
/// and served by the same <see cref="MilvusDataService"/> as the gRPC calls.
/// </summary>
public sealed class RestEntityHandlers(MilvusCatalogService catalog, MilvusDataService data)
{
    /// <summary>Milvus's REST default for limit when a query or search gives none.</summary>
    public const int DefaultLimit = 100;

    public IEnumerable<(string Route, Func<RestCall, Task<JsonNode?>> Handler)> Routes() =>
    [
        ("entities/insert", Insert),
        ("entities/upsert", Upsert),
        ("entities/delete", Delete),
        ("entities/query", Query),
        ("entities/get", Get),
        ("entities/search", Search),
        ("entities/hybrid_search", HybridSearch),
        ("entities/advanced_search", HybridSearch),
    ];

    private async Task<JsonNode?> Insert(RestCall call)
    {
        var (name, columns, rows) = await Columns(call);
        var result = Checked(await data.Insert(RestCatalogHandlers.Prepared(call,
            new InsertRequest { CollectionName = name, PartitionName = call.OptionalString("partitionName") ?? "", FieldsData = { columns }, NumRows = rows })));
        return new JsonObject { ["insertCount"] = result.InsertCnt, ["insertIds"] = Ids(result.IDs, call.Int64AsNumber) };
    }

    private async Task<JsonNode?> Upsert(RestCall call)
    {
        var (name, columns, rows) = await Columns(call);
        var result = Checked(await data.Upsert(RestCatalogHandlers.Prepared(call,
            new UpsertRequest { CollectionName = name, PartitionName = call.OptionalString("partitionName") ?? "", FieldsData = { columns }, NumRows = rows })));
        return new JsonObject { ["upsertCount"] = result.UpsertCnt, ["upsertIds"] = Ids(result.IDs, call.Int64AsNumber) };
    }

    private async Task<JsonNode?> Delete(RestCall call)
    {
        Checked(await data.Delete(RestCatalogHandlers.Prepared(call, new DeleteRequest
        {
            CollectionName = call.RequiredString("collectionName"),
            PartitionName = call.OptionalString("partitionName") ?? "",
            Expr = call.RequiredString("filter"),
            ExprTemplateValues = { RestTemplateValues.From(call.Body) },
        })));
        return new JsonObject();
    }

    private Task<JsonNode?> Query(RestCall call) => RunQuery(call, call.OptionalString("filter") ?? "");

    /// <summary>Get by primary keys: a query for "pk in [...]" on the schema's primary key.</summary>
    private async Task<JsonNode?> Get(RestCall call)
    {
        var schema = await Schema(call, call.RequiredString("collectionName"));
        var primary = schema.Fields.FirstOrDefault(f => f.IsPrimaryKey)
            ?? throw new MilvusException(MilvusErrorCode.CollectionIllegalSchema, "the collection has no primary key");
        var ids = call.Body["id"] switch
        {
            null => throw RestCall.Missing("id"),
            JsonArray many => many.ToArray(),
            var one => [one],
        };
        var literals = ids.Select(id => primary.DataType == DataType.VarChar
            ? JsonSerializer.Serialize(RestSchema.Text(id))
            : RestCall.Number(new JsonObject { ["id"] = id?.DeepClone() }, "id")!.Value.ToString(CultureInfo.InvariantCulture));
        return await RunQuery(call, $"{primary.Name} in [{string.Join(", ", literals)}]");
    }

    private async Task<JsonNode?> RunQuery(RestCall call, string filter)
    {
        var outputs = call.Strings("outputFields");
        var request = new QueryRequest
        {
            CollectionName = call.RequiredString("collectionName"),
            Expr = filter,
            OutputFields = { outputs.Count == 0 ? ["*"] : outputs },
            PartitionNames = { call.Strings("partitionNames") },
            ExprTemplateValues = { RestTemplateValues.From(call.Body) },
        };
        Consistency(call, level => request.ConsistencyLevel = level, () => request.UseDefaultConsistency = true);
        var counting = outputs.Contains(MilvusDataChecks.CountStar);
        if ((call.OptionalLong("limit") ?? (counting ? null : (long?)DefaultLimit)) is { } limit)
        {
            request.QueryParams.Add(Pair("limit", limit));
        }
        if (call.OptionalLong("offset") is { } offset)
        {
            request.QueryParams.Add(Pair("offset", offset));
        }
        var results = Checked(await data.Query(RestCatalogHandlers.Prepared(call, request)));
        return RestRows.FromQuery(results, call.Int64AsNumber);
    }

    private async Task<JsonNode?> Search(RestCall call)
    {
        var name = call.RequiredString("collectionName");
        var request = BuildSearch(call.Body, name, await Schema(call, name));
        request.CollectionName = name;
        request.OutputFields.AddRange(call.Strings("outputFields"));
        request.PartitionNames.AddRange(call.Strings("partitionNames"));
        Consistency(call, level => request.ConsistencyLevel = level, () => request.UseDefaultConsistency = true);
        var results = Checked(await data.Search(RestCatalogHandlers.Prepared(call, request)));
        return RestRows.FromSearch(results, call.Int64AsNumber);
    }

    /// <summary>search: [{data, annsField, filter, limit, params}], rerank: {strategy: rrf|weighted, params}, limit, outputFields.</summary>
    private async Task<JsonNode?> HybridSearch(RestCall call)
    {
        var name = call.RequiredString("collectionName");
        var schema = await Schema(call, name);
        var request = new HybridSearchRequest { CollectionName = name, OutputFields = { call.Strings("outputFields") }, PartitionNames = { call.Strings("partitionNames") } };
        var subs = call.RequiredArray("search");
        for (var i = 0; i < subs.Count; i++)
        {
            request.Requests.Add(BuildSearch(subs[i] as JsonObject ?? throw RestCall.Format($"search[{i}]", "an object", subs[i]), name, schema));
        }
        var rerank = call.OptionalObject("rerank") ?? new JsonObject { ["strategy"] = "rrf", ["params"] = new JsonObject { ["k"] = 60 } };
        request.RankParams.Add(new KeyValuePair { Key = "strategy", Value = RestSchema.Text(rerank["strategy"]) ?? "rrf" });
        request.RankParams.Add(new KeyValuePair { Key = "params", Value = (rerank["params"] as JsonObject ?? []).ToJsonString() });
        request.RankParams.Add(Pair("limit", call.OptionalLong("limit") ?? DefaultLimit));
        request.RankParams.Add(Pair("offset", call.OptionalLong("offset") ?? 0));
        request.RankParams.Add(new KeyValuePair { Key = "round_decimal", Value = "-1" });
        Consistency(call, level => request.ConsistencyLevel = level, () => request.UseDefaultConsistency = true);
        var results = Checked(await data.HybridSearch(RestCatalogHandlers.Prepared(call, request)));
        return RestRows.FromSearch(results, call.Int64AsNumber);
    }

    /// <summary>One search (the body of entities/search, or one item of hybrid_search's list) as a SearchRequest with placeholder $0.</summary>
    private static SearchRequest BuildSearch(JsonObject search, string collection, CollectionSchema schema)
    {
        var vectorFields = schema.Fields.Where(f => RestVectors.IsVector(f.DataType)).ToList();
        var annsName = RestSchema.Text(search["annsField"]);
        var anns = annsName is null
            ? vectorFields.Count == 1 ? vectorFields[0] : throw RestCall.Missing("annsField")
            : schema.Fields.FirstOrDefault(f => f.Name == annsName)
                ?? throw new MilvusException(MilvusErrorCode.FieldNotFound, $"field not found[field={annsName}] in collection {collection}");
        if (!RestVectors.IsVector(anns.DataType))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"annsField '{anns.Name}' is {RestSchema.TypeName(anns.DataType)}, not a vector field: invalid parameter");
        }
        if (search["data"] is not JsonArray vectors || vectors.Count == 0)
        {
            throw RestCall.Missing("data");
        }
        var searchParams = search["searchParams"] as JsonObject ?? [];
        var indexParams = searchParams["params"] as JsonObject ?? search["params"] as JsonObject ?? [];
        var request = new SearchRequest
        {
            Dsl = RestSchema.Text(search["filter"]) ?? "",
            DslType = DslType.BoolExprV1,
            ExprTemplateValues = { RestTemplateValues.From(search) },
            PlaceholderGroup = Placeholders(anns, vectors),
            Nq = vectors.Count,
            SearchParams =
            {
                new KeyValuePair { Key = "anns_field", Value = anns.Name },
                Pair("topk", RestCall.Number(search, "limit") ?? DefaultLimit),
                Pair("offset", RestCall.Number(search, "offset") ?? 0),
                new KeyValuePair { Key = "metric_type", Value = RestSchema.Text(searchParams["metricType"]) ?? "" },
                new KeyValuePair { Key = "params", Value = indexParams.ToJsonString() },
                new KeyValuePair { Key = "round_decimal", Value = "-1" },
            },
        };
        if (RestSchema.Text(search["groupingField"]) is { } grouping)
        {
            request.SearchParams.Add(new KeyValuePair { Key = "group_by_field", Value = grouping });
        }
        return request;
    }

    /// <summary>The query vectors as placeholder $0 of the anns field's type, each in that type's encoding.</summary>
    private static ByteString Placeholders(FieldSchema anns, JsonArray vectors)
    {
        var dim = RestVectors.Dimension(anns);
        var value = new PlaceholderValue { Tag = "$0", Type = (PlaceholderType)(int)anns.DataType };
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < vectors.Count; i++)
        {
            buffer.ResetWrittenCount();
            RestVectors.Write(buffer, anns.DataType, dim, vectors[i], $"data[{i}]");
            value.Values.Add(ByteString.CopyFrom(buffer.WrittenSpan));
        }
        return new PlaceholderGroup { Placeholders = { value } }.ToByteString();
    }

    private async Task<(string Name, List<FieldData> Columns, uint Rows)> Columns(RestCall call)
    {
        var name = call.RequiredString("collectionName");
        var rows = call.RequiredArray("data");
        if (rows.Count == 0)
        {
            throw RestCall.Missing("data");
        }
        return (name, RestColumns.FromRows(await Schema(call, name), rows), (uint)rows.Count);
    }

    private async Task<CollectionSchema> Schema(RestCall call, string collection)
    {
        var described = await catalog.Coordinator.DescribeCollection(RestCatalogHandlers.Prepared(call, new DescribeCollectionRequest { CollectionName = collection }));
        MilvusStatusCheck.ThrowIfFailed(described.Status);
        return described.Schema;
    }

    private static void Consistency(RestCall call, Action<ConsistencyLevel> set, Action useDefault)
    {
        if (call.OptionalString("consistencyLevel") is { } level)
        {
            set(Enum.TryParse<ConsistencyLevel>(level, ignoreCase: true, out var parsed)
                ? parsed : throw RestCall.Format("consistencyLevel", "Strong, Session, Bounded or Eventually", JsonValue.Create(level)));
        }
        else
        {
            useDefault();
        }
    }

    private static T Checked<T>(T response) where T : IMilvusStatusResponse
    {
        MilvusStatusCheck.ThrowIfFailed(response.Status);
        return response;
    }

    private static JsonArray Ids(IDs? ids, bool int64AsNumber) => ids?.IdFieldCase switch
    {
        IDs.IdFieldOneofCase.IntId => new JsonArray(ids.IntId.Data.Select(id => int64AsNumber ? (JsonNode)id : id.ToString(CultureInfo.InvariantCulture)).ToArray()),
        IDs.IdFieldOneofCase.StrId => new JsonArray(ids.StrId.Data.Select(id => (JsonNode)id).ToArray()),
        _ => [],
    };

    private static KeyValuePair Pair(string key, long value) => new() { Key = key, Value = value.ToString(CultureInfo.InvariantCulture) };
}
