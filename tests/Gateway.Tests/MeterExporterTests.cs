using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Metrics;

namespace OrleansVector.Gateway.Tests;

/// <summary>The /metrics exporter over System.Diagnostics.Metrics: every instrument kind of the project's meters, as Prometheus text.</summary>
public sealed class MeterExporterTests
{
    // Instrument names are unique per test: every exporter in this test process hears every OrleansVector.* meter.
    private readonly string _prefix = "orleansvector.t" + Guid.NewGuid().ToString("N");

    private string Metric(string name) => (_prefix + "." + name).Replace('.', '_');

    private static string[] Render(MeterExporter exporter)
    {
        var text = new StringBuilder();
        foreach (var family in exporter.Collect())
        {
            PrometheusTextWriter.Write(text, family);
        }
        return text.ToString().Split('\n');
    }

    [Fact]
    public void Counters_sum_per_tag_set_whatever_the_tag_order_with_names_and_values_escaped()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        using var meter = new Meter("OrleansVector.ExporterTests");
        var written = meter.CreateCounter<long>(_prefix + ".written_bytes", "By", "Bytes \\ made durable\nsince start.");

        written.Add(100, new("wal", "local"), new("channel", "a\"b\\c\nd"));
        written.Add(20, new("channel", "a\"b\\c\nd"), new("wal", "local"));
        written.Add(7, new KeyValuePair<string, object?>("wal", "object"));
        var lines = Render(exporter);

        var name = Metric("written_bytes_total");
        Assert.Contains($"# HELP {name} Bytes \\\\ made durable\\nsince start.", lines);
        Assert.Contains($"# TYPE {name} counter", lines);
        Assert.Contains($"{name}{{channel=\"a\\\"b\\\\c\\nd\",wal=\"local\"}} 120", lines);
        Assert.Contains($"{name}{{wal=\"object\"}} 7", lines);
        Assert.Equal(2, lines.Count(l => l.StartsWith(name + "{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Up_down_counters_are_gauges_of_their_running_sum()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        using var meter = new Meter("OrleansVector.ExporterTests");
        var activations = meter.CreateUpDownCounter<int>(_prefix + ".activations");

        activations.Add(5, new KeyValuePair<string, object?>("grain_type", "collection"));
        activations.Add(-2, new KeyValuePair<string, object?>("grain_type", "collection"));
        activations.Add(1, new KeyValuePair<string, object?>("grain_type", "shard"));
        var lines = Render(exporter);

        var name = Metric("activations");
        Assert.Contains($"# TYPE {name} gauge", lines);
        Assert.Contains($"{name}{{grain_type=\"collection\"}} 3", lines);
        Assert.Contains($"{name}{{grain_type=\"shard\"}} 1", lines);
    }

    [Fact]
    public void Observable_gauges_are_read_on_each_scrape_and_a_tag_set_no_longer_reported_disappears()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        using var meter = new Meter("OrleansVector.ExporterTests");
        // Replaced, never changed in place: other tests' exporters may read the gauge at the same time.
        (string State, int Count)[] segments = [("growing", 2), ("flushed", 1)];
        meter.CreateObservableGauge(_prefix + ".segments",
            () => segments.Select(s => new Measurement<int>(s.Count, new KeyValuePair<string, object?>("state", s.State))).ToList());
        var name = Metric("segments");

        var first = Render(exporter);
        segments = [("flushed", 3)];
        var second = Render(exporter);

        Assert.Contains($"{name}{{state=\"growing\"}} 2", first);
        Assert.Contains($"{name}{{state=\"flushed\"}} 1", first);
        Assert.Contains($"{name}{{state=\"flushed\"}} 3", second);
        Assert.DoesNotContain(second, l => l.StartsWith($"{name}{{state=\"growing\"}}", StringComparison.Ordinal));
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_from_the_instrument_advice_a_sum_and_a_count()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        using var meter = new Meter("OrleansVector.ExporterTests");
        var latency = meter.CreateHistogram(_prefix + ".flush.duration", "s", null, null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });

        latency.Record(0.25);
        latency.Record(0.5);
        latency.Record(3);
        latency.Record(0.0625);
        var lines = Render(exporter);

        var name = Metric("flush.duration");
        Assert.Contains($"# TYPE {name} histogram", lines);
        Assert.Contains($"{name}_bucket{{le=\"0.1\"}} 1", lines);
        Assert.Contains($"{name}_bucket{{le=\"1\"}} 3", lines);
        Assert.Contains($"{name}_bucket{{le=\"+Inf\"}} 4", lines);
        Assert.Contains($"{name}_sum 3.8125", lines);
        Assert.Contains($"{name}_count 4", lines);
    }

    [Fact]
    public void Only_project_meters_are_exported_and_a_disposed_meter_leaves_the_output()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        var project = new Meter("OrleansVector.ExporterTests");
        using var foreign = new Meter("Contoso.Storage");
        project.CreateCounter<long>(_prefix + ".ours").Add(1);
        foreign.CreateCounter<long>(_prefix + ".theirs").Add(1);

        var before = Render(exporter);
        project.Dispose();
        var after = Render(exporter);

        Assert.Contains($"{Metric("ours_total")} 1", before);
        Assert.DoesNotContain(before, l => l.Contains(Metric("theirs"), StringComparison.Ordinal));
        Assert.DoesNotContain(after, l => l.Contains(Metric("ours"), StringComparison.Ordinal));
    }

    [Fact]
    public void One_instrument_name_on_two_meters_is_one_family_added_up_per_label_set()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        using var first = new Meter("OrleansVector.ExporterTests");
        using var second = new Meter("OrleansVector.ExporterTests");
        var tag = new KeyValuePair<string, object?>("wal", "local");

        first.CreateCounter<long>(_prefix + ".appended").Add(3, tag);
        second.CreateCounter<long>(_prefix + ".appended").Add(4, tag);
        first.CreateHistogram(_prefix + ".took", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] }).Record(0.5);
        second.CreateHistogram(_prefix + ".took", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] }).Record(2);
        var lines = Render(exporter);

        Assert.Single(lines, l => l == $"# TYPE {Metric("appended_total")} counter");
        Assert.Contains($"{Metric("appended_total")}{{wal=\"local\"}} 7", lines);
        Assert.Contains($"{Metric("took")}_bucket{{le=\"1\"}} 1", lines);
        Assert.Contains($"{Metric("took")}_count 2", lines);
    }

    [Fact]
    public void Tag_sets_beyond_the_limit_go_to_one_overflow_series()
    {
        using var exporter = new MeterExporter(NullLogger<MeterExporter>.Instance);
        using var meter = new Meter("OrleansVector.ExporterTests");
        var calls = meter.CreateCounter<long>(_prefix + ".calls");

        for (var i = 0; i < InstrumentAggregate.MaxSeries + 5; i++)
        {
            calls.Add(1, new KeyValuePair<string, object?>("caller", i));
        }
        var lines = Render(exporter);

        var name = Metric("calls_total");
        Assert.Equal(InstrumentAggregate.MaxSeries, lines.Count(l => l.StartsWith(name + "{caller=", StringComparison.Ordinal)));
        Assert.Contains($"{name}{{otel_metric_overflow=\"true\"}} 5", lines);
    }

    [Fact]
    public void Names_become_valid_prometheus_names()
    {
        Assert.Equal("orleansvector_wal_appended_bytes_total", PrometheusNames.Metric("orleansvector.wal.appended_bytes", MetricKind.Counter));
        Assert.Equal("orleansvector_calls_total", PrometheusNames.Metric("orleansvector.calls_total", MetricKind.Counter));
        Assert.Equal("orleansvector_segments", PrometheusNames.Metric("orleansvector.segments", MetricKind.Gauge));
        Assert.Equal("_9_a_b", PrometheusNames.Label("9-a.b"));
    }
}
