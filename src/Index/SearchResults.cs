using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>Turns internal distances (smaller is closer) into results in Milvus's convention (see <see cref="SearchResult"/>).</summary>
internal static class SearchResults
{
    /// <summary>Top-k rows: similarities negated back, missing entries (id -1) given the worst possible distance.</summary>
    public static SearchResult ToMilvus(MetricType metric, int nq, int k, long[] ids, float[] distances)
    {
        var larger = Metrics.LargerIsCloser(metric);
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] < 0)
            {
                distances[i] = larger ? float.NegativeInfinity : float.PositiveInfinity;
            }
            else if (larger)
            {
                distances[i] = -distances[i];
            }
        }

        return new SearchResult(nq, k, ids, distances);
    }

    /// <summary>Range results: each query's rows sorted best first and cut at <paramref name="limit"/> (-1 = all).</summary>
    public static RangeSearchResult ToMilvus(MetricType metric, List<Neighbor>[] perQuery, int limit)
    {
        var nq = perQuery.Length;
        var offsets = new long[nq + 1];
        for (var q = 0; q < nq; q++)
        {
            var found = perQuery[q];
            found.Sort();
            if (limit >= 0 && found.Count > limit)
            {
                found.RemoveRange(limit, found.Count - limit);
            }

            offsets[q + 1] = offsets[q] + found.Count;
        }

        var ids = new long[offsets[nq]];
        var distances = new float[offsets[nq]];
        var sign = Metrics.LargerIsCloser(metric) ? -1f : 1f;
        for (var q = 0; q < nq; q++)
        {
            var at = (int)offsets[q];
            foreach (var neighbor in perQuery[q])
            {
                ids[at] = neighbor.Id;
                distances[at++] = sign * neighbor.Distance;
            }
        }

        return new RangeSearchResult(offsets, ids, distances);
    }
}
