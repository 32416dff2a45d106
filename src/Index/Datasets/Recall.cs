namespace OrleansVector.Index.Datasets;

/// <summary>recall@k = |returned top-k ∩ true top-k| / k, averaged over the queries (the ann-benchmarks definition).</summary>
public static class Recall
{
    /// <summary>
    /// <paramref name="found"/> holds <paramref name="stride"/> ids per query, row-major, best first (negative ids = no result);
    /// its first k per query are compared with the first k of the same query's <paramref name="truth"/> row.
    /// </summary>
    public static double AtK(ReadOnlySpan<long> found, int stride, VectorArray<int> truth, int k)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, k);
        if (k > truth.Dim)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"the ground truth holds only {truth.Dim} neighbours per query");
        }
        if (found.Length % stride != 0)
        {
            throw new ArgumentException($"{found.Length} ids are not a whole number of rows of {stride}", nameof(found));
        }
        var queries = found.Length / stride;
        if (queries > truth.Count)
        {
            throw new ArgumentException($"{queries} queries but ground truth for only {truth.Count}", nameof(found));
        }
        if (queries == 0)
        {
            throw new ArgumentException("no queries", nameof(found));
        }
        long hits = 0;
        for (var q = 0; q < queries; q++)
        {
            var expected = truth.Row(q)[..k];
            var row = found.Slice(q * stride, k);
            for (var i = 0; i < k; i++)
            {
                if (row[i] >= 0 && row[i] <= int.MaxValue && expected.Contains((int)row[i]) && row[..i].IndexOf(row[i]) < 0)
                {
                    hits++;
                }
            }
        }
        return (double)hits / ((long)queries * k);
    }
}
