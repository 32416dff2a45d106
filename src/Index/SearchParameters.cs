namespace OrleansVector.Index;

/// <summary>
/// Search-time parameters, parsed from the Milvus search "params" object (values as strings). Keys that tune other index
/// types (nprobe on HNSW, ef on IVF) are accepted and ignored, as Milvus does; an unknown key is an error.
/// </summary>
public sealed record SearchParameters
{
    public const int MaxEf = int.MaxValue;
    public const int MaxNprobe = 65536;

    /// <summary>Milvus search keys that tune an index or describe the request; accepted, used where they apply.</summary>
    private static readonly string[] KnownKeys =
    [
        "ef", "nprobe", "radius", "range_filter", "drop_ratio_search",
        // Requests carry these beside index parameters (pymilvus merges top-level search params into "params").
        "metric_type", "topk", "limit", "offset", "round_decimal", "ignore_growing", "hints", "level", "anns_field",
        "group_by_field", "group_size", "strict_group_size", "iterator", "search_iter_v2", "search_iter_batch_size",
        "search_iter_last_bound", "search_iter_id", "collection_id", "reduce_stop_for_best", "enable_recall_calculation",
        // Search parameters of Milvus index types this engine does not build; harmless to pass.
        "search_list", "reorder_k", "itopk_size", "search_width", "min_iterations", "max_iterations", "team_size",
        "refine_k", "refine_factor", "dim_max_score_ratio", "rbq_query_bits", "beamwidth", "mh_search_with_jaccard",
    ];

    public static SearchParameters Default { get; } = new();

    /// <summary>HNSW candidate list size; raised to k when below it. Null = the index default (max(k, 16)).</summary>
    public int? Ef { get; init; }

    /// <summary>IVF lists to scan; capped at nlist. Null = 8 (Milvus's default).</summary>
    public int? Nprobe { get; init; }

    /// <summary>Range search outer bound (exclusive): L2/HAMMING/JACCARD distance &lt; radius; IP/COSINE similarity &gt; radius.</summary>
    public float? Radius { get; init; }

    /// <summary>Range search inner bound (inclusive): L2/HAMMING/JACCARD distance &gt;= range_filter; IP/COSINE similarity &lt;= range_filter.</summary>
    public float? RangeFilter { get; init; }

    /// <summary>Sparse indexes: the fraction of each query's smallest-magnitude values to ignore, in [0, 1).</summary>
    public float DropRatioSearch { get; init; }

    /// <summary>Threads used across the queries of one call (1 = the caller's thread only; -1 = all cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>True when the Milvus request asks for range search (it carries "radius").</summary>
    public bool IsRangeSearch => Radius.HasValue;

    /// <summary>Parses Milvus search params (the contents of the "params" JSON, flattened to strings).</summary>
    public static SearchParameters FromMilvus(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        MilvusParameters.RejectUnknown(parameters, "search", KnownKeys, []);
        var result = new SearchParameters();
        if (parameters.TryGetValue("ef", out var ef))
        {
            result = result with { Ef = MilvusParameters.ParseInt("ef", ef, 1, MaxEf) };
        }

        if (parameters.TryGetValue("nprobe", out var nprobe))
        {
            result = result with { Nprobe = MilvusParameters.ParseInt("nprobe", nprobe, 1, MaxNprobe) };
        }

        if (parameters.TryGetValue("radius", out var radius))
        {
            result = result with { Radius = MilvusParameters.ParseFloat("radius", radius) };
        }

        if (parameters.TryGetValue("range_filter", out var rangeFilter))
        {
            result = result with { RangeFilter = MilvusParameters.ParseFloat("range_filter", rangeFilter) };
        }

        if (parameters.TryGetValue("drop_ratio_search", out var dropRatio))
        {
            result = result with { DropRatioSearch = Sparse.SparseIndexParameters.ParseRatio("drop_ratio_search", dropRatio) };
        }

        return result;
    }
}
