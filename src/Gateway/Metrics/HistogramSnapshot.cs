namespace OrleansVector.Gateway.Metrics;

/// <summary>A histogram as read at one moment: bucket bounds, cumulative counts (the last one is +Inf, i.e. all) and the sum.</summary>
public sealed record HistogramSnapshot(double[] Bounds, long[] CumulativeCounts, double Sum)
{
    public long Count => CumulativeCounts[^1];

    /// <summary>Both histograms added bucket by bucket; null when their buckets differ (they cannot be added).</summary>
    public HistogramSnapshot? Plus(HistogramSnapshot other)
    {
        if (!Bounds.AsSpan().SequenceEqual(other.Bounds))
        {
            return null;
        }
        var counts = new long[CumulativeCounts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = CumulativeCounts[i] + other.CumulativeCounts[i];
        }
        return new HistogramSnapshot(Bounds, counts, Sum + other.Sum);
    }
}
