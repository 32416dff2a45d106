using System.Collections.Concurrent;

namespace OrleansVector.Gateway.Metrics;

/// <summary>
/// The gateway's measurements for /metrics: requests per RPC and Milvus status code, latency per RPC, and rows written.
/// Updated on every call, so everything here is a lock-free counter.
/// </summary>
public sealed class GatewayMetrics(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Method, int Code), StrongBox> _requests = new();
    private readonly ConcurrentDictionary<string, PrometheusHistogram> _latency = new(StringComparer.Ordinal);
    private long _rowsInserted;
    private long _rowsUpserted;
    private long _rowsDeleted;

    public long RowsInserted => Interlocked.Read(ref _rowsInserted);

    public long RowsUpserted => Interlocked.Read(ref _rowsUpserted);

    public long RowsDeleted => Interlocked.Read(ref _rowsDeleted);

    /// <summary>A timestamp to pass to <see cref="RecordRequest"/> when the call ends.</summary>
    public long StartTimer() => time.GetTimestamp();

    public void RecordRequest(string method, int statusCode, long startedTimestamp)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((method, statusCode), static _ => new StrongBox()).Value);
        _latency.GetOrAdd(method, static _ => new PrometheusHistogram(PrometheusHistogram.LatencySeconds)).Record(time.GetElapsedTime(startedTimestamp).TotalSeconds);
    }

    public void RecordInserted(long rows) => Interlocked.Add(ref _rowsInserted, rows);

    public void RecordUpserted(long rows) => Interlocked.Add(ref _rowsUpserted, rows);

    public void RecordDeleted(long rows) => Interlocked.Add(ref _rowsDeleted, rows);

    public IEnumerable<(string Method, int Code, long Count)> Requests =>
        _requests.Select(pair => (pair.Key.Method, pair.Key.Code, Interlocked.Read(ref pair.Value.Value))).OrderBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Code);

    public IEnumerable<(string Method, PrometheusHistogram Histogram)> Latencies =>
        _latency.Select(pair => (pair.Key, pair.Value)).OrderBy(l => l.Key, StringComparer.Ordinal);

    private sealed class StrongBox
    {
        public long Value;
    }
}
