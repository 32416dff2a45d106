using System.Diagnostics;

namespace OrleansVector.Bench.Ann;

/// <summary>Throughput and per-call latency percentiles (nearest rank) of one timed pass.</summary>
internal readonly record struct LatencySummary(double Qps, double P50Ms, double P99Ms)
{
    /// <summary>From per-call durations in <see cref="Stopwatch"/> ticks and the pass's wall time.</summary>
    public static LatencySummary From(long[] callTicks, long wallTicks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(callTicks.Length);
        var sorted = (long[])callTicks.Clone();
        Array.Sort(sorted);
        return new LatencySummary(
            callTicks.Length * (double)Stopwatch.Frequency / Math.Max(wallTicks, 1),
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99));
    }

    private static double Percentile(long[] sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
