namespace OrleansVector.Gateway.Metrics;

/// <summary>A Prometheus histogram of call latencies: cumulative counts per upper bound, the sum and the count, updated lock-free.</summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds in seconds, from half a millisecond (an in-process grain call) to ten seconds (a large load).</summary>
    public static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // One slot per bound plus +Inf; each call lands in exactly one slot, and the writer accumulates them.
    private readonly long[] _slots = new long[Bounds.Length + 1];
    private long _sumTicks;

    public double SumSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalSeconds;

    public void Record(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var slot = 0;
        while (slot < Bounds.Length && seconds > Bounds[slot])
        {
            slot++;
        }
        Interlocked.Increment(ref _slots[slot]);
        Interlocked.Add(ref _sumTicks, elapsed.Ticks);
    }

    /// <summary>Cumulative counts: element i counts calls at or below Bounds[i]; the last element counts all (+Inf).</summary>
    public long[] CumulativeCounts()
    {
        var counts = new long[_slots.Length];
        long total = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            total += Interlocked.Read(ref _slots[i]);
            counts[i] = total;
        }
        return counts;
    }
}
