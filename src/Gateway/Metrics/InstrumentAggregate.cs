using System.Diagnostics.Metrics;
using System.Numerics;

namespace OrleansVector.Gateway.Metrics;

/// <summary>
/// What one instrument has measured since the exporter started listening, per tag set: a sum for counters and
/// up-down counters, the last value for gauges and observable instruments, buckets for histograms.
/// </summary>
internal sealed class InstrumentAggregate
{
    /// <summary>Tag sets kept per instrument; measurements with further tag sets go to one overflow series (OpenTelemetry's rule).</summary>
    public const int MaxSeries = 2000;

    private static readonly KeyValuePair<string, object?>[] s_overflowTags = [new("otel_metric_overflow", "true")];

    private readonly Lock _gate = new();
    private readonly Aggregation _aggregation;
    private readonly double[]? _bounds;
    private MeterSeries[] _series = [];
    private MeterSeries? _overflow;

    public InstrumentAggregate(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        Kind = definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? MetricKind.Counter
            : definition == typeof(Histogram<>) ? MetricKind.Histogram
            : MetricKind.Gauge;
        _aggregation = Kind == MetricKind.Histogram ? Aggregation.Buckets
            : instrument.IsObservable || definition == typeof(Gauge<>) ? Aggregation.LastValue
            : Aggregation.Sum;
        IsObservable = instrument.IsObservable;
        Name = PrometheusNames.Metric(instrument.Name, Kind);
        Help = string.IsNullOrEmpty(instrument.Description) ? null : instrument.Description;
        _bounds = Kind == MetricKind.Histogram ? AdvisedBounds(instrument) ?? DefaultBounds(instrument.Unit) : null;
    }

    private enum Aggregation
    {
        Sum,
        LastValue,
        Buckets,
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    public string? Help { get; }

    /// <summary>Observable instruments are read on collection; their series are cleared first so a tag set they stopped reporting disappears.</summary>
    public bool IsObservable { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(Volatile.Read(ref _series), tags) ?? Add(tags);
        switch (_aggregation)
        {
            case Aggregation.Sum:
                series.Add(value);
                break;
            case Aggregation.LastValue:
                series.Set(value);
                break;
            default:
                series.Histogram!.Record(value);
                break;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Volatile.Write(ref _series, []);
            _overflow = null;
        }
    }

    public IEnumerable<MetricSample> Snapshot()
    {
        MeterSeries? overflow;
        lock (_gate)
        {
            overflow = _overflow;
        }
        return Volatile.Read(ref _series).Append(overflow).OfType<MeterSeries>().Select(s => s.Snapshot());
    }

    private static MeterSeries? Find(MeterSeries[] all, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in all)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }
        return null;
    }

    /// <summary>A new tag set: the array is replaced (copy on write), so measurements read it without a lock.</summary>
    private MeterSeries Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var all = _series;
            if (Find(all, tags) is { } raced)
            {
                return raced;
            }
            if (all.Length >= MaxSeries)
            {
                return _overflow ??= new MeterSeries(s_overflowTags, _bounds);
            }
            var series = new MeterSeries(tags, _bounds);
            Volatile.Write(ref _series, [.. all, series]);
            return series;
        }
    }

    private static double[] DefaultBounds(string? unit) =>
        unit == "s" ? PrometheusHistogram.LatencySeconds : PrometheusHistogram.DefaultBounds;

    private static double[]? AdvisedBounds(Instrument instrument) => instrument switch
    {
        Instrument<double> i => Bounds(i),
        Instrument<float> i => Bounds(i),
        Instrument<long> i => Bounds(i),
        Instrument<int> i => Bounds(i),
        Instrument<short> i => Bounds(i),
        Instrument<byte> i => Bounds(i),
        Instrument<decimal> i => Bounds(i),
        _ => null,
    };

    private static double[]? Bounds<T>(Instrument<T> instrument) where T : struct, INumberBase<T> =>
        instrument.Advice?.HistogramBucketBoundaries?.Select(double.CreateTruncating).ToArray();
}
