using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;
using Microsoft.Extensions.Logging;

namespace OrleansVector.Gateway.Metrics;

/// <summary>
/// Listens to every instrument of every <see cref="Meter"/> whose name starts with <see cref="MeterPrefix"/> (the
/// project's libraries: OrleansVector.Runtime, OrleansVector.Storage, OrleansVector.Grains, ...) and keeps what they
/// measure for /metrics. It listens from construction on: an up-down counter's earlier changes are not seen, so the
/// host creates the exporter before it starts the grains.
/// </summary>
public sealed partial class MeterExporter : IDisposable
{
    public const string MeterPrefix = "OrleansVector.";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _instruments = new();
    private readonly Lock _collecting = new();
    private readonly ILogger<MeterExporter> _logger;

    public MeterExporter(ILogger<MeterExporter> logger)
    {
        _logger = logger;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal))
            {
                var aggregate = _instruments.GetOrAdd(instrument, static i => new InstrumentAggregate(i));
                listener.EnableMeasurementEvents(instrument, aggregate);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentAggregate? _);
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>
    /// Reads the observable instruments, then every instrument's series, one family per Prometheus name (sorted).
    /// Instruments that share a name and type (one instrument name on two meters) are added up label set by label set;
    /// one that shares a name with an instrument of another type is left out, as Prometheus allows one type per name.
    /// </summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collecting)
        {
            var aggregates = _instruments.Values.ToList();
            foreach (var observable in aggregates.Where(a => a.IsObservable))
            {
                observable.Clear();
            }
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException e)
            {
                // One failing callback must not take /metrics down; the others were read.
                LogObservableFailed(_logger, e);
            }
            return aggregates.GroupBy(a => a.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(Family).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "An observable instrument's callback failed while /metrics was collected")]
    private static partial void LogObservableFailed(ILogger logger, Exception exception);

    private static MetricFamily Family(IGrouping<string, InstrumentAggregate> named)
    {
        var first = named.First();
        var samples = new SortedDictionary<string, MetricSample>(StringComparer.Ordinal);
        foreach (var sample in named.Where(a => a.Kind == first.Kind).SelectMany(a => a.Snapshot()))
        {
            samples[sample.Labels] = samples.TryGetValue(sample.Labels, out var seen) ? seen.Plus(sample) : sample;
        }
        return new MetricFamily(named.Key, first.Kind, named.Select(a => a.Help).FirstOrDefault(h => h is not null), [.. samples.Values]);
    }

    private static void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumberBase<T> =>
        ((InstrumentAggregate)state!).Record(double.CreateTruncating(value), tags);
}
