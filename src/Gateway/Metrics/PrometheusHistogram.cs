namespace OrleansVector.Gateway.Metrics;

/// <summary>
/// A Prometheus histogram: a count per bucket upper bound plus the sum of the values, updated lock-free. Used for the
/// gateway's per-RPC latencies and for every System.Diagnostics.Metrics histogram the exporter listens to.
/// </summary>
public sealed class PrometheusHistogram
{
    /// <summary>Seconds, from half a millisecond (an in-process grain call) to ten seconds (a large load).</summary>
    public static readonly double[] LatencySeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>For a histogram whose instrument gives no bucket advice and no unit of seconds (OpenTelemetry's default).</summary>
    public static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    // One slot per bound plus +Inf; each value lands in exactly one slot, and the snapshot accumulates them.
    private readonly long[] _slots;
    private double _sum;

    public PrometheusHistogram(double[] bounds)
    {
        for (var i = 1; i < bounds.Length; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                throw new ArgumentException($"Histogram bounds must increase strictly; {bounds[i]} follows {bounds[i - 1]}.", nameof(bounds));
            }
        }
        Bounds = bounds;
        _slots = new long[bounds.Length + 1];
    }

    public double[] Bounds { get; }

    public void Record(double value)
    {
        var slot = 0;
        while (slot < Bounds.Length && value > Bounds[slot])
        {
            slot++;
        }
        Interlocked.Increment(ref _slots[slot]);
        AtomicDouble.Add(ref _sum, value);
    }

    /// <summary>Cumulative counts (element i counts values at or below Bounds[i]; the last one counts all) and the sum.</summary>
    public HistogramSnapshot Snapshot()
    {
        var counts = new long[_slots.Length];
        long total = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            total += Interlocked.Read(ref _slots[i]);
            counts[i] = total;
        }
        return new HistogramSnapshot(Bounds, counts, Volatile.Read(ref _sum));
    }
}
