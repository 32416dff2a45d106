using System.Globalization;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Collection;

// Reads: check the load state, resolve the guarantee timestamp, fan out to every shard, reduce (the second reduction),
// then apply offset and limit and shape the output columns.
public sealed partial class CollectionGrain
{
    // The hottest request: written out rather than through GuardAsync, which costs a closure, a delegate and a second
    // async state machine per call.
    public async Task<SearchResults> Search(SearchRequest request)
    {
        try
        {
            var (collection, schema) = await CurrentAsync();
            var loaded = await RequireLoadedAsync(request.PartitionNames);
            if (request.SearchInputCase == SearchRequest.SearchInputOneofCase.Ids)
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid, "Search by primary keys (ids) is not supported; send query vectors in placeholder_group.");
            }
            var arguments = SearchArguments.Parse(schema, request.SearchParams, request.PlaceholderGroup.Span);
            var outputs = OutputFields.Resolve(schema, request.OutputFields, allowCount: false);
            var scope = await ScopeAsync(schema, collection, loaded, request.PartitionNames, request.Dsl, request.ExprTemplateValues, outputs,
                request.UseDefaultConsistency ? collection.ConsistencyLevel : request.ConsistencyLevel, request.GuaranteeTimestamp);
            SearchResultData results;
            ulong readTimestamp;
            if (arguments.GroupByField.Length > 0)
            {
                (results, readTimestamp) = await GroupedSearchAsync(collection, schema, scope, arguments);
            }
            else
            {
                (results, readTimestamp) = await SearchShardsAsync(collection, scope, arguments, arguments.Offset);
            }
            ShapeSearchResults(results, schema, outputs, arguments.RoundDecimal);
            return new SearchResults { Status = MilvusStatus.Success(), Results = results, CollectionName = collection.Name, SessionTs = readTimestamp };
        }
        catch (Exception e) when (IsRequestError(e))
        {
            return new SearchResults { Status = RequestErrorStatus(e) };
        }
    }

    public Task<SearchResults> HybridSearch(HybridSearchRequest request) => GuardAsync(async () =>
    {
        var (collection, schema) = await CurrentAsync();
        var loaded = await RequireLoadedAsync(request.PartitionNames);
        if (request.Requests.Count == 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, "A hybrid search needs at least one sub-search in requests.");
        }
        var outputs = OutputFields.Resolve(schema, request.OutputFields, allowCount: false);
        var ranker = HybridRanker.Parse(request.RankParams, request.Requests.Count);
        var level = request.UseDefaultConsistency ? collection.ConsistencyLevel : request.ConsistencyLevel;
        var guarantee = await ConsistencyResolver.ResolveAsync(level, request.GuaranteeTimestamp, _options.BoundedStaleness, AllocateTimestamp, EstimateNow);
        var subs = await Task.WhenAll(request.Requests.Select(async sub =>
        {
            var arguments = SearchArguments.Parse(schema, sub.SearchParams, sub.PlaceholderGroup.Span);
            var scope = await ScopeAsync(schema, collection, loaded, request.PartitionNames, sub.Dsl, sub.ExprTemplateValues, outputs, ConsistencyLevel.Customized, guarantee);
            var (results, readTimestamp) = await SearchShardsAsync(collection, scope, arguments, offset: 0);
            return (Arguments: arguments, Results: results, ReadTimestamp: readTimestamp);
        }));
        var queryCount = subs[0].Arguments.Queries.Values.Count;
        if (subs.Any(s => s.Arguments.Queries.Values.Count != queryCount))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, "Every sub-search of a hybrid search must carry the same number of query vectors.");
        }
        var fused = ranker.Fuse([.. subs.Select(s => s.Results)], [.. subs.Select(s => s.Arguments.MetricType)], queryCount);
        ShapeSearchResults(fused, schema, outputs, roundDecimal: -1);
        return new SearchResults { Status = MilvusStatus.Success(), Results = fused, CollectionName = collection.Name, SessionTs = subs.Max(s => s.ReadTimestamp) };
    }, status => new SearchResults { Status = status });

    /// <summary>
    /// Grouping search: a candidate window of (offset + limit) × group_size × 4 hits (at most 16,384) with the group
    /// field, grouped after the global reduction.
    /// </summary>
    private async Task<(SearchResultData Results, ulong ReadTimestamp)> GroupedSearchAsync(CollectionInfo collection, SchemaView schema, ShardReadScope scope, SearchArguments arguments)
    {
        if (!schema.TryGetField(arguments.GroupByField, out var group) || group.IsVector || group.Type is DataType.Json or DataType.Array or DataType.Float or DataType.Double)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"group_by_field '{arguments.GroupByField}' must be a Bool, integer or VarChar field of collection '{collection.Name}'.");
        }
        var requested = scope.OutputFields.Contains(group.Name);
        if (!requested)
        {
            scope.OutputFields.Add(group.Name);
        }
        var window = (int)Math.Min(SearchArguments.MaxTopK, (long)(arguments.TopK + arguments.Offset) * arguments.GroupSize * 4);
        var candidates = new SearchArguments
        {
            Field = arguments.Field,
            TopK = window,
            Offset = 0,
            MetricType = arguments.MetricType,
            IndexParameters = arguments.IndexParameters,
            RoundDecimal = arguments.RoundDecimal,
            Queries = arguments.Queries,
        };
        var (hits, readTimestamp) = await SearchShardsAsync(collection, scope, candidates, offset: 0);
        var grouped = GroupingReducer.Group(hits, group, arguments.Offset, arguments.TopK, arguments.GroupSize);
        if (!requested)
        {
            grouped.FieldsData.Remove(grouped.FieldsData.First(f => f.FieldName == group.Name));
        }
        return (grouped, readTimestamp);
    }

    /// <summary>Every shard's top (offset + topk), reduced to the collection's hits after <paramref name="offset"/>.</summary>
    private async Task<(SearchResultData Results, ulong ReadTimestamp)> SearchShardsAsync(CollectionInfo collection, ShardReadScope scope, SearchArguments arguments, int offset)
    {
        var shardRequest = new ShardSearchRequest
        {
            Scope = scope,
            AnnsField = arguments.Field.Name,
            MetricType = arguments.MetricType,
            TopK = arguments.TopK + offset,
            Queries = arguments.Queries,
            SearchParams = { arguments.IndexParameters },
        };
        var channels = collection.VirtualChannels;
        // One shard (the default) is called and awaited directly: no fan-out to join.
        var responses = channels.Count == 1 ? [await Shard(channels[0]).Search(shardRequest)] : await Task.WhenAll(channels.Select(channel => Shard(channel).Search(shardRequest)));
        var parts = new SearchResultData[responses.Length];
        ulong readTimestamp = 0;
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i].Status.ThrowIfError();
            parts[i] = responses[i].Results;
            readTimestamp = Math.Max(readTimestamp, responses[i].ReadTimestamp);
        }
        return (SearchReducer.Reduce(parts, arguments.Queries.Values.Count, offset, arguments.TopK, arguments.LargerIsCloser), readTimestamp);
    }

    public Task<QueryResults> Query(QueryRequest request) => GuardAsync(async () =>
    {
        var (collection, schema) = await CurrentAsync();
        var loaded = await RequireLoadedAsync(request.PartitionNames);
        var parameters = request.QueryParams.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var outputs = OutputFields.Resolve(schema, request.OutputFields, allowCount: true);
        var limit = QueryInteger(parameters, "limit", -1);
        var offset = QueryInteger(parameters, "offset", 0);
        if (string.IsNullOrWhiteSpace(request.Expr) && !outputs.CountOnly && limit < 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, "empty expression should be used with limit");
        }
        if (limit >= 0 && limit + offset > SearchArguments.MaxTopK)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"limit ({limit}) + offset ({offset}) must not exceed {SearchArguments.MaxTopK}.");
        }
        var scope = await ScopeAsync(schema, collection, loaded, request.PartitionNames, request.Expr, request.ExprTemplateValues, outputs,
            request.UseDefaultConsistency ? collection.ConsistencyLevel : request.ConsistencyLevel, request.GuaranteeTimestamp);
        var results = new QueryResults { Status = MilvusStatus.Success(), CollectionName = collection.Name, PrimaryFieldName = schema.PrimaryKey.Name };
        if (outputs.CountOnly)
        {
            var counts = await Task.WhenAll(collection.VirtualChannels.Select(channel => Shard(channel).Query(new ShardQueryRequest { Scope = scope, CountOnly = true })));
            foreach (var count in counts)
            {
                count.Status.ThrowIfError();
            }
            results.FieldsData.Add(new FieldData
            {
                Type = DataType.Int64,
                FieldName = OutputFields.CountStar,
                Scalars = new ScalarField { LongData = new LongArray { Data = { counts.Sum(c => c.Count) } } },
            });
            results.OutputFields.Add(OutputFields.CountStar);
            results.SessionTs = counts.Max(c => c.ReadTimestamp);
            return results;
        }
        var (parts, readTimestamp) = await QueryShardsAsync(collection, scope, limit < 0 ? -1 : offset + limit);
        results.SessionTs = readTimestamp;
        results.FieldsData.AddRange(QueryReducer.Reduce(parts, [schema.PrimaryKey, .. outputs.Fields], offset, limit));
        ProjectDynamic(results.FieldsData, schema, outputs);
        results.OutputFields.AddRange(OutputNames(schema, outputs, includePrimaryKey: true));
        return results;
    }, status => new QueryResults { Status = status });

    public Task<ShardFlushResponse> Flush() => GuardAsync(async () =>
    {
        var (collection, _) = await CurrentAsync();
        var flushed = await Task.WhenAll(collection.VirtualChannels.Select(channel => Shard(channel).Flush()));
        var response = new ShardFlushResponse { Status = MilvusStatus.Success() };
        foreach (var shard in flushed)
        {
            shard.Status.ThrowIfError();
            response.SealedSegmentIds.AddRange(shard.SealedSegmentIds);
            response.FlushTimestamp = Math.Max(response.FlushTimestamp, shard.FlushTimestamp);
        }
        return response;
    }, status => new ShardFlushResponse { Status = status });

    public Task<GetCollectionStatisticsResponse> GetCollectionStatistics(GetCollectionStatisticsRequest request) => GuardAsync(async () =>
    {
        var (collection, _) = await CurrentAsync();
        var rows = await LiveRowsAsync(collection, partitionId: 0);
        return new GetCollectionStatisticsResponse { Status = MilvusStatus.Success(), Stats = { RowCount(rows) } };
    }, status => new GetCollectionStatisticsResponse { Status = status });

    public Task<GetPartitionStatisticsResponse> GetPartitionStatistics(GetPartitionStatisticsRequest request) => GuardAsync(async () =>
    {
        var (collection, schema) = await CurrentAsync();
        var partition = new PartitionRouter(collection, schema).Named(request.PartitionName);
        var rows = await LiveRowsAsync(collection, partition.Id);
        return new GetPartitionStatisticsResponse { Status = MilvusStatus.Success(), Stats = { RowCount(rows) } };
    }, status => new GetPartitionStatisticsResponse { Status = status });

    private async Task<long> LiveRowsAsync(CollectionInfo collection, long partitionId)
    {
        var scope = new ShardReadScope { CollectionId = collection.Id };
        if (partitionId != 0)
        {
            scope.PartitionIds.Add(partitionId);
        }
        var statistics = await Task.WhenAll(collection.VirtualChannels.Select(channel => Shard(channel).GetStatistics(scope)));
        foreach (var shard in statistics)
        {
            shard.Status.ThrowIfError();
        }
        return statistics.Sum(s => s.LiveRows);
    }

    private static KeyValuePair RowCount(long rows) => new() { Key = "row_count", Value = rows.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Every shard's matching rows (each in primary-key order) and the latest timestamp a shard read at.</summary>
    private async Task<(List<IReadOnlyList<FieldData>> Parts, ulong ReadTimestamp)> QueryShardsAsync(CollectionInfo collection, ShardReadScope scope, long limit)
    {
        var request = new ShardQueryRequest { Scope = scope, Limit = limit };
        var responses = await Task.WhenAll(collection.VirtualChannels.Select(channel => Shard(channel).Query(request)));
        foreach (var response in responses)
        {
            response.Status.ThrowIfError();
        }
        return ([.. responses.Select(r => (IReadOnlyList<FieldData>)r.FieldsData)], responses.Max(r => r.ReadTimestamp));
    }

    /// <summary>
    /// The collection's loaded partitions (empty = all) once it is loaded; 101 when it is not (after asking the coordinator
    /// once more, in case a Refresh is still on its way), 201 when a named partition is not loaded.
    /// </summary>
    private async ValueTask<List<long>> RequireLoadedAsync(IEnumerable<string> partitionNames)
    {
        var (collection, schema) = await CurrentAsync();
        if (collection.LoadState != LoadState.Loaded)
        {
            (collection, schema) = await CurrentAsync(refresh: true);
        }
        if (collection.LoadState != LoadState.Loaded)
        {
            throw new MilvusException(MilvusErrorCode.CollectionNotLoaded, $"collection not loaded: '{collection.Name}' ({collection.LoadState}).");
        }
        var loaded = collection.LoadedPartitionIds.ToList();
        PartitionRouter? router = null;
        foreach (var name in partitionNames)
        {
            router ??= new PartitionRouter(collection, schema);
            if (loaded.Count > 0 && !loaded.Contains(router.Named(name).Id))
            {
                throw new MilvusException(MilvusErrorCode.PartitionNotLoaded, $"partition not loaded: '{name}' of collection '{collection.Name}'.");
            }
        }
        return loaded;
    }

    private async ValueTask<ShardReadScope> ScopeAsync(SchemaView schema, CollectionInfo collection, List<long> loaded, IEnumerable<string> partitionNames,
        string expression, IDictionary<string, TemplateValue> templates, OutputFields outputs, ConsistencyLevel level, ulong guarantee)
    {
        var filter = string.IsNullOrWhiteSpace(expression) ? null : ReadPlan.CompileFilter(schema, expression, templates);
        var partitions = new PartitionRouter(collection, schema).ReadScope(partitionNames, filter);
        if (partitions.Count == 0)
        {
            partitions = loaded;
        }
        else if (loaded.Count > 0)
        {
            partitions = [.. partitions.Where(loaded.Contains)];
        }
        var scope = new ShardReadScope
        {
            CollectionId = collection.Id,
            PartitionIds = { partitions },
            GuaranteeTimestamp = await ConsistencyResolver.ResolveAsync(level, guarantee, _options.BoundedStaleness, AllocateTimestamp, EstimateNow),
            Filter = expression ?? "",
            FilterTemplateValues = { templates },
            OutputFields = { outputs.Fields.Select(f => f.Name) },
            DynamicOutputKeys = { outputs.DynamicKeys },
        };
        if (partitions.Count == 0 && loaded.Count > 0)
        {
            scope.Filter = "false";
        }
        return scope;
    }

    /// <summary>Search output as Milvus shapes it: rounded scores, the primary key column when asked for, trimmed $meta, names.</summary>
    private static void ShapeSearchResults(SearchResultData results, SchemaView schema, OutputFields outputs, int roundDecimal)
    {
        if (roundDecimal >= 0)
        {
            for (var i = 0; i < results.Scores.Count; i++)
            {
                results.Scores[i] = MathF.Round(results.Scores[i], roundDecimal);
            }
        }
        if (outputs.PrimaryKeyRequested)
        {
            var keys = PrimaryKeys.FromIds(results.Ids ?? new IDs());
            var column = schema.PrimaryKey.Template.Clone();
            column.Scalars = keys.Longs is { } longs
                ? new ScalarField { LongData = new LongArray { Data = { longs } } }
                : new ScalarField { StringData = new StringArray { Data = { keys.Strings! } } };
            results.FieldsData.Insert(0, column);
        }
        ProjectDynamic(results.FieldsData, schema, outputs);
        results.OutputFields.AddRange(OutputNames(schema, outputs, outputs.PrimaryKeyRequested));
        results.PrimaryFieldName = schema.PrimaryKey.Name;
    }

    private static void ProjectDynamic(IEnumerable<FieldData> columns, SchemaView schema, OutputFields outputs)
    {
        if (schema.Dynamic is { } dynamic && columns.FirstOrDefault(c => c.FieldName == dynamic.Name) is { } column)
        {
            DynamicFields.Project(column, outputs.DynamicKeys);
        }
    }

    private static IEnumerable<string> OutputNames(SchemaView schema, OutputFields outputs, bool includePrimaryKey)
    {
        if (includePrimaryKey)
        {
            yield return schema.PrimaryKey.Name;
        }
        foreach (var field in outputs.Fields)
        {
            if (!field.IsDynamic || outputs.DynamicKeys.Count == 0)
            {
                yield return field.Name;
            }
        }
        foreach (var key in outputs.DynamicKeys)
        {
            yield return key;
        }
    }

    private static long QueryInteger(Dictionary<string, string> parameters, string key, long fallback)
    {
        if (!parameters.TryGetValue(key, out var text) || text.Length == 0)
        {
            return fallback;
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= SearchArguments.MaxTopK
            ? value
            : throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"{key} = '{text}' is out of range; valid range is [0, {SearchArguments.MaxTopK}].");
    }
}
