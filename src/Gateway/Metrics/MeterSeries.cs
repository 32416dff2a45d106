namespace OrleansVector.Gateway.Metrics;

/// <summary>
/// The value of one instrument for one set of tags. The tags are kept as the producer passed them (usually the same
/// string instances every time, from a TagList built once), so a measurement finds its series without allocating.
/// </summary>
internal sealed class MeterSeries
{
    private readonly KeyValuePair<string, object?>[] _tags;
    private double _value;

    public MeterSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags, double[]? histogramBounds)
    {
        _tags = tags.ToArray();
        Labels = PrometheusNames.Labels(_tags);
        Histogram = histogramBounds is null ? null : new PrometheusHistogram(histogramBounds);
    }

    public string Labels { get; }

    public PrometheusHistogram? Histogram { get; }

    public void Add(double value) => AtomicDouble.Add(ref _value, value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public MetricSample Snapshot() => new(Labels, Volatile.Read(ref _value), Histogram?.Snapshot());

    /// <summary>The same tags in any order (the common case, the same order, costs one comparison per tag).</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }
        for (var i = 0; i < tags.Length; i++)
        {
            if (!Same(tags[i], _tags[i]) && !Contains(tags[i]))
            {
                return false;
            }
        }
        return true;
    }

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (Same(tag, own))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Same(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
        string.Equals(a.Key, b.Key, StringComparison.Ordinal) && (ReferenceEquals(a.Value, b.Value) || Equals(a.Value, b.Value));
}
