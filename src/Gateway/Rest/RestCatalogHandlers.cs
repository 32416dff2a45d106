using System.Text.Json.Nodes;
using Google.Protobuf;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Rest;

/// <summary>REST v2 collections, partitions, aliases, databases and indexes, each turned into the MilvusService request the coordinator serves.</summary>
public sealed class RestCatalogHandlers(MilvusCatalogService catalog, MilvusDataService data)
{
    public IEnumerable<(string Route, Func<RestCall, Task<JsonNode?>> Handler)> Routes() =>
    [
        ("collections/create", CreateCollection),
        ("collections/drop", c => Done(catalog.DropCollection(Prepared(c, new DropCollectionRequest { CollectionName = Collection(c) })).AsTask())),
        ("collections/describe", DescribeCollection),
        ("collections/list", async c => Names((await Call(c, new ShowCollectionsRequest(), catalog.Coordinator.ShowCollections)).CollectionNames)),
        ("collections/has", async c => new JsonObject { ["has"] = (await Call(c, new HasCollectionRequest { CollectionName = Collection(c) }, catalog.Coordinator.HasCollection)).Value }),
        ("collections/rename", c => Done(catalog.RenameCollection(Prepared(c, new RenameCollectionRequest
        {
            OldName = Collection(c), NewName = c.RequiredString("newCollectionName"), NewDBName = c.OptionalString("newDbName") ?? "",
        })).AsTask())),
        ("collections/load", c => Done(Call(c, new LoadCollectionRequest { CollectionName = Collection(c) }, catalog.Coordinator.LoadCollection))),
        ("collections/release", c => Done(Call(c, new ReleaseCollectionRequest { CollectionName = Collection(c) }, catalog.Coordinator.ReleaseCollection))),
        ("collections/get_load_state", GetLoadState),
        ("collections/get_stats", async c =>
        {
            var stats = await data.GetCollectionStatistics(Prepared(c, new GetCollectionStatisticsRequest { CollectionName = Collection(c) }));
            return RowCount(stats.Status, stats.Stats);
        }),
        ("partitions/create", c => Done(Call(c, new CreatePartitionRequest { CollectionName = Collection(c), PartitionName = Partition(c) }, catalog.Coordinator.CreatePartition))),
        ("partitions/drop", c => Done(Call(c, new DropPartitionRequest { CollectionName = Collection(c), PartitionName = Partition(c) }, catalog.Coordinator.DropPartition))),
        ("partitions/has", async c => new JsonObject
        {
            ["has"] = (await Call(c, new HasPartitionRequest { CollectionName = Collection(c), PartitionName = Partition(c) }, catalog.Coordinator.HasPartition)).Value,
        }),
        ("partitions/list", async c => Names((await Call(c, new ShowPartitionsRequest { CollectionName = Collection(c) }, catalog.Coordinator.ShowPartitions)).PartitionNames)),
        ("partitions/load", c => Done(Call(c, new LoadPartitionsRequest { CollectionName = Collection(c), PartitionNames = { c.Strings("partitionNames") } },
            catalog.Coordinator.LoadPartitions))),
        ("partitions/release", c => Done(Call(c, new ReleasePartitionsRequest { CollectionName = Collection(c), PartitionNames = { c.Strings("partitionNames") } },
            catalog.Coordinator.ReleasePartitions))),
        ("partitions/get_stats", async c =>
        {
            var stats = await data.GetPartitionStatistics(Prepared(c, new GetPartitionStatisticsRequest { CollectionName = Collection(c), PartitionName = Partition(c) }));
            return RowCount(stats.Status, stats.Stats);
        }),
        ("aliases/create", c => Done(catalog.CreateAlias(Prepared(c, new CreateAliasRequest { CollectionName = Collection(c), Alias = Alias(c) })).AsTask())),
        ("aliases/alter", c => Done(catalog.AlterAlias(Prepared(c, new AlterAliasRequest { CollectionName = Collection(c), Alias = Alias(c) })).AsTask())),
        ("aliases/drop", c => Done(catalog.DropAlias(Prepared(c, new DropAliasRequest { Alias = Alias(c) })).AsTask())),
        ("aliases/describe", async c =>
        {
            var alias = await Call(c, new DescribeAliasRequest { Alias = Alias(c) }, catalog.Coordinator.DescribeAlias);
            return new JsonObject { ["aliasName"] = alias.Alias, ["collectionName"] = alias.Collection, ["dbName"] = alias.DbName };
        }),
        ("aliases/list", async c => Names((await Call(c, new ListAliasesRequest { CollectionName = c.OptionalString("collectionName") ?? "" },
            catalog.Coordinator.ListAliases)).Aliases)),
        ("databases/create", c => Done(Call(c, new CreateDatabaseRequest { DbName = c.RequiredString("dbName") }, catalog.Coordinator.CreateDatabase))),
        ("databases/drop", c => Done(catalog.DropDatabase(Prepared(c, new DropDatabaseRequest { DbName = c.RequiredString("dbName") })).AsTask())),
        ("databases/list", async c => Names((await Call(c, new ListDatabasesRequest(), catalog.Coordinator.ListDatabases)).DbNames)),
        ("indexes/create", CreateIndexes),
        ("indexes/describe", DescribeIndexes),
        ("indexes/list", async c => Names((await Indexes(c, "")).IndexDescriptions.Select(i => i.IndexName))),
        ("indexes/drop", c => Done(Call(c, new DropIndexRequest { CollectionName = Collection(c), IndexName = c.RequiredString("indexName") }, catalog.Coordinator.DropIndex))),
    ];

    /// <summary>Quick setup (dimension) or a custom schema; with an index given (always for quick setup) the collection is indexed and loaded.</summary>
    private async Task<JsonNode?> CreateCollection(RestCall call)
    {
        var name = Collection(call);
        var schemaJson = call.OptionalObject("schema");
        var schema = schemaJson is null ? RestSchema.QuickSetup(call, name) : RestSchema.FromJson(schemaJson, name);
        var parameters = call.OptionalObject("params") ?? [];
        var request = new CreateCollectionRequest
        {
            CollectionName = name,
            Schema = schema.ToByteString(),
            ShardsNum = (int)(RestCall.Number(parameters, "shardsNum") ?? 1),
            ConsistencyLevel = RestSchema.Text(parameters["consistencyLevel"]) is { } level
                ? Enum.Parse<ConsistencyLevel>(level, ignoreCase: true) : ConsistencyLevel.Bounded,
            NumPartitions = RestCall.Number(parameters, "partitionsNum") ?? 0,
        };
        if (RestCall.Number(parameters, "ttlSeconds") is { } ttl)
        {
            request.Properties.Add(new KeyValuePair { Key = "collection.ttl.seconds", Value = ttl.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        await Call(call, request, catalog.Coordinator.CreateCollection);
        var indexes = schemaJson is null
            ? [new CreateIndexRequest
            {
                CollectionName = name,
                FieldName = schema.Fields[1].Name,
                IndexName = schema.Fields[1].Name,
                ExtraParams = { new KeyValuePair { Key = "metric_type", Value = call.OptionalString("metricType") ?? "COSINE" } },
            }]
            : IndexRequests(call, name);
        foreach (var index in indexes)
        {
            await Call(call, index, catalog.Coordinator.CreateIndex);
        }
        if (indexes.Count > 0)
        {
            await Call(call, new LoadCollectionRequest { CollectionName = name }, catalog.Coordinator.LoadCollection);
        }
        return new JsonObject();
    }

    private async Task<JsonNode?> DescribeCollection(RestCall call)
    {
        var name = Collection(call);
        var described = await Call(call, new DescribeCollectionRequest { CollectionName = name }, catalog.Coordinator.DescribeCollection);
        var indexes = await catalog.Coordinator.DescribeIndex(Prepared(call, new DescribeIndexRequest { CollectionName = name }));
        var load = await Call(call, new GetLoadStateRequest { CollectionName = name }, catalog.Coordinator.GetLoadState);
        return new JsonObject
        {
            ["collectionName"] = described.CollectionName,
            ["collectionID"] = described.CollectionID,
            ["description"] = described.Schema?.Description ?? "",
            ["autoId"] = described.Schema?.AutoID ?? false,
            ["enableDynamicField"] = described.Schema?.EnableDynamicField ?? false,
            ["consistencyLevel"] = described.ConsistencyLevel.ToString(),
            ["shardsNum"] = described.ShardsNum,
            ["partitionsNum"] = described.NumPartitions,
            ["aliases"] = Names(described.Aliases),
            ["properties"] = RestSchema.Pairs(described.Properties),
            ["fields"] = RestSchema.FieldsToJson(described.Schema ?? new CollectionSchema()),
            ["indexes"] = new JsonArray(indexes.IndexDescriptions.Select(i => (JsonNode)new JsonObject
            {
                ["fieldName"] = i.FieldName,
                ["indexName"] = i.IndexName,
                ["metricType"] = i.Params.FirstOrDefault(p => p.Key == "metric_type")?.Value ?? "",
            }).ToArray()),
            ["load"] = RestSchema.LoadStateName(load.State),
        };
    }

    private async Task<JsonNode?> GetLoadState(RestCall call)
    {
        var name = Collection(call);
        var partitions = call.Strings("partitionNames");
        var state = await Call(call, new GetLoadStateRequest { CollectionName = name, PartitionNames = { partitions } }, catalog.Coordinator.GetLoadState);
        var progress = state.State is LoadState.Loading or LoadState.Loaded
            ? (await Call(call, new GetLoadingProgressRequest { CollectionName = name, PartitionNames = { partitions } }, catalog.Coordinator.GetLoadingProgress)).Progress
            : 0;
        return new JsonObject { ["loadState"] = RestSchema.LoadStateName(state.State), ["loadProgress"] = progress, ["message"] = "" };
    }

    private async Task<JsonNode?> CreateIndexes(RestCall call)
    {
        foreach (var index in IndexRequests(call, Collection(call)))
        {
            await Call(call, index, catalog.Coordinator.CreateIndex);
        }
        return new JsonObject();
    }

    /// <summary>indexParams: [{fieldName, indexName, metricType, params: {index_type, build parameters...}}], sent nested as the Node SDK does.</summary>
    private static List<CreateIndexRequest> IndexRequests(RestCall call, string collection) => (call.OptionalArray("indexParams") ?? []).Select((node, i) =>
    {
        if (node is not JsonObject index)
        {
            throw RestCall.Format($"indexParams[{i}]", "an object", node);
        }
        var field = RestSchema.Text(index["fieldName"]) ?? throw RestCall.Missing($"indexParams[{i}].fieldName");
        var request = new CreateIndexRequest { CollectionName = collection, FieldName = field, IndexName = RestSchema.Text(index["indexName"]) ?? "" };
        if (RestSchema.Text(index["metricType"]) is { } metric)
        {
            request.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = metric });
        }
        if (index["params"] is JsonObject parameters)
        {
            var build = new JsonObject();
            foreach (var (key, value) in parameters)
            {
                if (key is "index_type" or "indexType")
                {
                    request.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = RestSchema.Text(value) ?? "" });
                }
                else
                {
                    build[key] = value?.DeepClone();
                }
            }
            if (build.Count > 0)
            {
                request.ExtraParams.Add(new KeyValuePair { Key = "params", Value = build.ToJsonString() });
            }
        }
        return request;
    }).ToList();

    private async Task<JsonNode?> DescribeIndexes(RestCall call)
    {
        var described = await Indexes(call, call.RequiredString("indexName"));
        return new JsonArray(described.IndexDescriptions.Select(i => (JsonNode)new JsonObject
        {
            ["indexName"] = i.IndexName,
            ["fieldName"] = i.FieldName,
            ["indexType"] = i.Params.FirstOrDefault(p => p.Key == "index_type")?.Value ?? "",
            ["metricType"] = i.Params.FirstOrDefault(p => p.Key == "metric_type")?.Value ?? "",
            ["indexState"] = i.State.ToString(),
            ["totalRows"] = i.TotalRows,
            ["indexedRows"] = i.IndexedRows,
            ["pendingRows"] = i.PendingIndexRows,
            ["failReason"] = i.IndexStateFailReason,
            ["params"] = RestSchema.Pairs(i.Params),
        }).ToArray());
    }

    private Task<DescribeIndexResponse> Indexes(RestCall call, string indexName) =>
        Call(call, new DescribeIndexRequest { CollectionName = Collection(call), IndexName = indexName }, catalog.Coordinator.DescribeIndex);

    /// <summary>Prepares the request as gRPC calls are (database from dbName, names validated), calls the coordinator and fails on an error status.</summary>
    private static async Task<TResponse> Call<TRequest, TResponse>(RestCall call, TRequest request, Func<TRequest, Task<TResponse>> method)
        where TRequest : IMessage<TRequest>, new()
    {
        var response = await method(Prepared(call, request));
        MilvusStatusCheck.ThrowIfFailed(response switch
        {
            Status status => status,
            IMilvusStatusResponse withStatus => withStatus.Status,
            _ => null,
        });
        return response;
    }

    internal static TRequest Prepared<TRequest>(RestCall call, TRequest request) where TRequest : IMessage<TRequest>, new()
    {
        MilvusRequestShape<TRequest>.Prepare(request, call.Database);
        return request;
    }

    private static async Task<JsonNode?> Done(Task<Status> call)
    {
        MilvusStatusCheck.ThrowIfFailed(await call);
        return new JsonObject();
    }

    private static JsonObject RowCount(Status status, IEnumerable<KeyValuePair> stats)
    {
        MilvusStatusCheck.ThrowIfFailed(status);
        return new() { ["rowCount"] = long.TryParse(stats.FirstOrDefault(s => s.Key == "row_count")?.Value, System.Globalization.CultureInfo.InvariantCulture, out var rows) ? rows : 0 };
    }

    private static JsonArray Names(IEnumerable<string> names) => new(names.Select(n => (JsonNode)n).ToArray());

    private static string Collection(RestCall call) => call.RequiredString("collectionName");

    private static string Partition(RestCall call) => call.RequiredString("partitionName");

    private static string Alias(RestCall call) => call.RequiredString("aliasName");
}
