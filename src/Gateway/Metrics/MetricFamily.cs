namespace OrleansVector.Gateway.Metrics;

/// <summary>One exported metric: its Prometheus name, type, help text and one sample per label set.</summary>
public sealed record MetricFamily(string Name, MetricKind Kind, string? Help, IReadOnlyList<MetricSample> Samples);

/// <summary>
/// One label set's value: <paramref name="Labels"/> is rendered Prometheus label text (<c>a="x",b="y"</c>, sorted by
/// name, values escaped; empty when there are none); a histogram carries its buckets in <paramref name="Histogram"/>.
/// </summary>
public sealed record MetricSample(string Labels, double Value, HistogramSnapshot? Histogram)
{
    /// <summary>Two samples of one label set from two instruments of the same name (e.g. two meters) added up.</summary>
    public MetricSample Plus(MetricSample other) => Histogram is null || other.Histogram is null
        ? this with { Value = Value + other.Value }
        : this with { Histogram = Histogram.Plus(other.Histogram) ?? Histogram };
}
