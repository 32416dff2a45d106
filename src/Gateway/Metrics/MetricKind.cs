namespace OrleansVector.Gateway.Metrics;

/// <summary>The Prometheus metric type an instrument is exported as.</summary>
public enum MetricKind
{
    /// <summary>Counter and ObservableCounter: a running total, exported with the <c>_total</c> suffix.</summary>
    Counter,

    /// <summary>UpDownCounter, Gauge and the observable up-down counters and gauges: a value that goes both ways.</summary>
    Gauge,

    /// <summary>Histogram: buckets, sum and count.</summary>
    Histogram,
}
