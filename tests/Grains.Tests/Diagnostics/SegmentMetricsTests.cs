using System.Diagnostics.Metrics;
using OrleansVector.Grains.Diagnostics;
using OrleansVector.Grains.Hosting;

namespace OrleansVector.Grains.Tests.Diagnostics;

public sealed class SegmentMetricsTests
{
    /// <summary>
    /// The gauge as a MeterListener (the gateway's /metrics) sees it: one measurement per state that sums every published
    /// snapshot. Other tests' silos publish meanwhile, so the sums are at least this test's snapshot, and drop when it is withdrawn.
    /// </summary>
    [Fact]
    public async Task The_segments_gauge_reports_published_counts_by_state()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ov-metrics-" + Guid.NewGuid().ToString("N"));
        var storage = DatabaseStorage.OpenLocal(new DatabaseStorageOptions { DataDirectory = directory, FsyncObjects = false });
        try
        {
            var owner = new object();
            SegmentMetrics.Publish(owner, storage, new SegmentCounts(Growing: 1_000_001, Sealed: 2_000_002, Flushed: 3_000_003, Indexed: 4_000_004, Dropped: 5_000_005));
            Assert.Equal(new SegmentCounts(1_000_001, 2_000_002, 3_000_003, 4_000_004, 5_000_005), SegmentMetrics.Total(storage));
            var published = Observe();
            Assert.Equal(["dropped", "flushed", "growing", "indexed", "sealed"], published.Keys.Order(StringComparer.Ordinal));
            Assert.True(published["growing"] >= 1_000_001 && published["sealed"] >= 2_000_002 && published["flushed"] >= 3_000_003
                && published["indexed"] >= 4_000_004 && published["dropped"] >= 5_000_005, string.Join(", ", published));

            SegmentMetrics.Withdraw(owner);
            Assert.Equal(default, SegmentMetrics.Total(storage));
        }
        finally
        {
            await storage.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, long> Observe()
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SegmentMetrics.MeterName && instrument.Name == SegmentMetrics.GaugeName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "state")
                {
                    values[(string)tag.Value!] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
