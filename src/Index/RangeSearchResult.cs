namespace OrleansVector.Index;

/// <summary>
/// Range search results in compressed rows: query q owns entries Offsets[q] .. Offsets[q+1]-1, best first, distances in
/// Milvus's convention (see <see cref="SearchResult"/>).
/// </summary>
public sealed class RangeSearchResult
{
    public RangeSearchResult(long[] offsets, long[] ids, float[] distances)
    {
        if (offsets.Length == 0 || offsets[^1] != ids.Length || ids.Length != distances.Length)
        {
            throw new ArgumentException("offsets must end at ids.Length, and ids and distances must have the same length.");
        }

        Offsets = offsets;
        Ids = ids;
        Distances = distances;
    }

    public int QueryCount => Offsets.Length - 1;

    /// <summary>QueryCount + 1 entries; Offsets[0] = 0.</summary>
    public long[] Offsets { get; }

    public long[] Ids { get; }

    public float[] Distances { get; }

    public ReadOnlySpan<long> IdsOf(int query) => Ids.AsSpan((int)Offsets[query], (int)(Offsets[query + 1] - Offsets[query]));

    public ReadOnlySpan<float> DistancesOf(int query) => Distances.AsSpan((int)Offsets[query], (int)(Offsets[query + 1] - Offsets[query]));
}
