namespace OrleansVector.Index.Hnsw;

/// <summary>Which graph nodes may be returned; a struct type argument, so the unfiltered search pays nothing.</summary>
internal interface INodeFilter
{
    /// <summary>False for the filter that allows everything (lets the search stop as early as plain HNSW does).</summary>
    static abstract bool Filters { get; }

    bool Allows(long id);
}

internal readonly struct NoFilter : INodeFilter
{
    public static bool Filters => false;

    public bool Allows(long id) => true;
}

internal readonly struct ExcludedRows(Bitset excluded) : INodeFilter
{
    public static bool Filters => true;

    public bool Allows(long id) => !VectorIndex<float>.IsExcluded(excluded, id);
}
