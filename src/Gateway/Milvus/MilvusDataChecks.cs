using System.Globalization;
using Google.Protobuf.Collections;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// What the gateway checks in data requests before fanning them out, with Milvus's limits and wording: rows present,
/// a delete expression, topk/limit and offset within 16384, query vectors present.
/// </summary>
public static class MilvusDataChecks
{
    /// <summary>Milvus's bound on topk, limit, limit + offset and nq.</summary>
    public const long MaxTopK = 16384;

    public const string CountStar = "count(*)";

    public static void Insert(RepeatedField<FieldData> fields, uint numRows)
    {
        if (fields.Count == 0)
        {
            throw Invalid("fields_data should not be empty");
        }
        if (numRows == 0)
        {
            throw Invalid("num_rows should be greater than 0");
        }
    }

    public static void Delete(DeleteRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Expr))
        {
            throw Invalid("delete expression (expr) should not be empty; delete by ids is 'pk in [...]'");
        }
    }

    public static void Search(SearchRequest request)
    {
        if (request.SearchInputCase == SearchRequest.SearchInputOneofCase.None)
        {
            throw Invalid("search needs query vectors (placeholder_group) or primary keys (ids)");
        }
        if (request.Nq is < 0 or > MaxTopK)
        {
            throw Invalid($"nq ({request.Nq}) should be in range [1, {MaxTopK}]");
        }
        var topK = Number(request.SearchParams, "topk") ?? Number(request.SearchParams, "limit")
            ?? throw new MilvusException(MilvusErrorCode.ParameterMissing, "topk not found in search_params: missing parameter");
        CheckWindow("topk", topK, Number(request.SearchParams, "offset") ?? 0);
    }

    public static void HybridSearch(HybridSearchRequest request)
    {
        if (request.Requests.Count == 0)
        {
            throw Invalid("hybrid search needs at least one sub-search in requests");
        }
        foreach (var sub in request.Requests)
        {
            Search(sub);
        }
        if (Number(request.RankParams, "limit") is { } limit)
        {
            CheckWindow("limit", limit, Number(request.RankParams, "offset") ?? 0);
        }
    }

    public static void Query(QueryRequest request)
    {
        var limit = Number(request.QueryParams, "limit");
        var offset = Number(request.QueryParams, "offset") ?? 0;
        if (limit is { } l)
        {
            CheckWindow("limit", l, offset);
        }
        var counting = request.OutputFields.Contains(CountStar);
        if (string.IsNullOrWhiteSpace(request.Expr) && limit is null && !counting)
        {
            throw Invalid("empty expression should be used with limit");
        }
    }

    /// <summary>An integer parameter from key-value pairs, null when absent.</summary>
    public static long? Number(RepeatedField<KeyValuePair> pairs, string key)
    {
        foreach (var pair in pairs)
        {
            if (pair.Key == key)
            {
                return long.TryParse(pair.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw Invalid($"{key} '{pair.Value}' is not an integer");
            }
        }
        return null;
    }

    private static void CheckWindow(string name, long value, long offset)
    {
        if (value is < 1 or > MaxTopK)
        {
            throw Invalid($"{name} ({value}) should be in range [1, {MaxTopK}]");
        }
        if (offset < 0 || offset + value > MaxTopK)
        {
            throw Invalid($"{name} + offset ({value} + {offset}) should be in range [1, {MaxTopK}] and offset not negative");
        }
    }

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, $"{message}: invalid parameter");
}
