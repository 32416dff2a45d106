using System.Globalization;
using System.Text;

namespace OrleansVector.Gateway.Metrics;

/// <summary>Renders the gateway's measurements in the Prometheus text exposition format (version 0.0.4).</summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(GatewayMetrics metrics, IActivationCountSource? activations)
    {
        var text = new StringBuilder(4096);
        Header(text, "orleansvector_requests_total", "counter", "MilvusService calls by RPC and Milvus status code (0 = success).");
        foreach (var (method, code, count) in metrics.Requests)
        {
            Sample(text, "orleansvector_requests_total", $"method=\"{method}\",code=\"{code.ToString(CultureInfo.InvariantCulture)}\"", count);
        }
        Header(text, "orleansvector_request_duration_seconds", "histogram", "MilvusService call latency by RPC, from request parsed to response ready.");
        foreach (var (method, histogram) in metrics.Latencies)
        {
            WriteHistogram(text, method, histogram);
        }
        Counter(text, "orleansvector_rows_inserted_total", "Rows acknowledged by Insert.", metrics.RowsInserted);
        Counter(text, "orleansvector_rows_upserted_total", "Rows acknowledged by Upsert.", metrics.RowsUpserted);
        Counter(text, "orleansvector_rows_deleted_total", "Rows deleted by Delete.", metrics.RowsDeleted);
        if (activations is not null)
        {
            Header(text, "orleansvector_grain_activations", "gauge", "Grain activations hosted by this silo now, by grain type.");
            foreach (var (type, count) in activations.ActivationsByGrainType().OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Sample(text, "orleansvector_grain_activations", $"grain_type=\"{Escape(type)}\"", count);
            }
            Counter(text, "orleansvector_grain_activations_created_total", "Grain activations created by this silo since it started.", activations.ActivationsCreated);
        }
        return text.ToString();
    }

    private static void WriteHistogram(StringBuilder text, string method, LatencyHistogram histogram)
    {
        var counts = histogram.CumulativeCounts();
        for (var i = 0; i < LatencyHistogram.Bounds.Length; i++)
        {
            Sample(text, "orleansvector_request_duration_seconds_bucket",
                $"method=\"{method}\",le=\"{LatencyHistogram.Bounds[i].ToString(CultureInfo.InvariantCulture)}\"", counts[i]);
        }
        Sample(text, "orleansvector_request_duration_seconds_bucket", $"method=\"{method}\",le=\"+Inf\"", counts[^1]);
        text.Append("orleansvector_request_duration_seconds_sum{method=\"").Append(method).Append("\"} ")
            .Append(histogram.SumSeconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        Sample(text, "orleansvector_request_duration_seconds_count", $"method=\"{method}\"", counts[^1]);
    }

    private static void Counter(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, "counter", help);
        text.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, long value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>Label values escape backslash, quote and newline.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
