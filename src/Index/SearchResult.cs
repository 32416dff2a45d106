namespace OrleansVector.Index;

/// <summary>
/// Top-k results of a batch of queries, row-major (query q owns entries q*K .. q*K+K-1), best first, with distances in
/// Milvus's convention: L2 squared / HAMMING / JACCARD ascending, IP / COSINE similarity descending. When fewer than K
/// rows qualify, the tail of a query's row holds id -1 and the worst possible distance (+inf, or -inf for similarities).
/// </summary>
public sealed class SearchResult
{
    public SearchResult(int queryCount, int k, long[] ids, float[] distances)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (ids.Length != queryCount * k || distances.Length != queryCount * k)
        {
            throw new ArgumentException($"ids and distances must hold queryCount * k = {queryCount * k} entries.");
        }

        QueryCount = queryCount;
        K = k;
        Ids = ids;
        Distances = distances;
    }

    public int QueryCount { get; }

    public int K { get; }

    public long[] Ids { get; }

    public float[] Distances { get; }

    public ReadOnlySpan<long> IdsOf(int query) => Ids.AsSpan(query * K, K);

    public ReadOnlySpan<float> DistancesOf(int query) => Distances.AsSpan(query * K, K);

    /// <summary>Number of real results of a query (entries before the first -1).</summary>
    public int CountOf(int query)
    {
        var index = IdsOf(query).IndexOf(-1L);
        return index < 0 ? K : index;
    }
}
