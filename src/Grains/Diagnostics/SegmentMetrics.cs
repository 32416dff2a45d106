using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansVector.Grains.Hosting;

namespace OrleansVector.Grains.Diagnostics;

/// <summary>
/// The gauge <c>orleansvector.segments</c> (tag <c>state</c>: growing, sealed, flushed, indexed, dropped) on the meter
/// <c>OrleansVector.Grains</c>. Shards and the coordinator publish a snapshot of their counts from inside their turns; the
/// gauge sums the snapshots when observed, so it never reads grain state from another thread.
/// </summary>
internal static class SegmentMetrics
{
    public const string MeterName = "OrleansVector.Grains";
    public const string GaugeName = "orleansvector.segments";

    private static readonly ConcurrentDictionary<object, (DatabaseStorage Storage, SegmentCounts Counts)> s_snapshots = new(ReferenceEqualityComparer.Instance);
    private static readonly Meter s_meter = new(MeterName);

    static SegmentMetrics() => s_meter.CreateObservableGauge(GaugeName, Observe, "{segment}",
        "Segments by state: growing and sealed in shard memory; flushed, indexed (every defined index built) and dropped in the segment registry");

    /// <summary>Replaces the snapshot of <paramref name="owner"/> (a grain instance) of the silo using <paramref name="storage"/>.</summary>
    public static void Publish(object owner, DatabaseStorage storage, SegmentCounts counts) => s_snapshots[owner] = (storage, counts);

    /// <summary>Removes an owner's snapshot (its activation ends).</summary>
    public static void Withdraw(object owner) => s_snapshots.TryRemove(owner, out _);

    /// <summary>The sum of the snapshots of one silo's owners (the one using <paramref name="storage"/>), or of all when null.</summary>
    public static SegmentCounts Total(DatabaseStorage? storage = null) =>
        s_snapshots.Values.Where(s => storage is null || ReferenceEquals(s.Storage, storage)).Aggregate(default(SegmentCounts), (sum, s) => sum + s.Counts);

    private static IEnumerable<Measurement<long>> Observe()
    {
        var total = Total();
        yield return Measure(total.Growing, "growing");
        yield return Measure(total.Sealed, "sealed");
        yield return Measure(total.Flushed, "flushed");
        yield return Measure(total.Indexed, "indexed");
        yield return Measure(total.Dropped, "dropped");
    }

    private static Measurement<long> Measure(long value, string state) => new(value, new KeyValuePair<string, object?>("state", state));
}
