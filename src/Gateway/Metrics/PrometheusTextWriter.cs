using System.Globalization;
using System.Text;

namespace OrleansVector.Gateway.Metrics;

/// <summary>Renders /metrics in the Prometheus text exposition format (version 0.0.4).</summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The gateway's own per-RPC measurements, then every instrument of the project's meters.</summary>
    public static string Write(GatewayMetrics metrics, IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder(8192);
        WriteGateway(text, metrics);
        foreach (var family in families)
        {
            Write(text, family);
        }
        return text.ToString();
    }

    public static void Write(StringBuilder text, MetricFamily family)
    {
        Header(text, family.Name, family.Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        }, family.Help);
        foreach (var sample in family.Samples)
        {
            if (sample.Histogram is { } histogram)
            {
                WriteHistogram(text, family.Name, sample.Labels, histogram);
            }
            else
            {
                Sample(text, family.Name, sample.Labels, PrometheusNames.Value(sample.Value));
            }
        }
    }

    private static void WriteGateway(StringBuilder text, GatewayMetrics metrics)
    {
        Header(text, "orleansvector_requests_total", "counter", "MilvusService calls by RPC and Milvus status code (0 = success).");
        foreach (var (method, code, count) in metrics.Requests)
        {
            var labels = PrometheusNames.Append(new StringBuilder(), "method", method);
            Sample(text, "orleansvector_requests_total", PrometheusNames.Append(labels, "code", code.ToString(CultureInfo.InvariantCulture)).ToString(), Count(count));
        }
        Header(text, "orleansvector_request_duration_seconds", "histogram", "MilvusService call latency by RPC, from request parsed to response ready.");
        foreach (var (method, histogram) in metrics.Latencies)
        {
            WriteHistogram(text, "orleansvector_request_duration_seconds", PrometheusNames.Append(new StringBuilder(), "method", method).ToString(), histogram.Snapshot());
        }
        Counter(text, "orleansvector_rows_inserted_total", "Rows acknowledged by Insert.", metrics.RowsInserted);
        Counter(text, "orleansvector_rows_upserted_total", "Rows acknowledged by Upsert.", metrics.RowsUpserted);
        Counter(text, "orleansvector_rows_deleted_total", "Rows deleted by Delete.", metrics.RowsDeleted);
    }

    private static void WriteHistogram(StringBuilder text, string name, string labels, HistogramSnapshot histogram)
    {
        var bucket = name + "_bucket";
        for (var i = 0; i < histogram.Bounds.Length; i++)
        {
            Sample(text, bucket, WithLe(labels, PrometheusNames.Value(histogram.Bounds[i])), Count(histogram.CumulativeCounts[i]));
        }
        Sample(text, bucket, WithLe(labels, "+Inf"), Count(histogram.Count));
        Sample(text, name + "_sum", labels, PrometheusNames.Value(histogram.Sum));
        Sample(text, name + "_count", labels, Count(histogram.Count));
    }

    private static string WithLe(string labels, string bound) => PrometheusNames.Append(new StringBuilder(labels), "le", bound).ToString();

    private static void Counter(StringBuilder text, string name, string help, long value)
    {
        Header(text, name, "counter", help);
        Sample(text, name, "", Count(value));
    }

    private static void Header(StringBuilder text, string name, string type, string? help)
    {
        if (help is not null)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(PrometheusNames.EscapeHelp(help)).Append('\n');
        }
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private static void Sample(StringBuilder text, string name, string labels, string value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ').Append(value).Append('\n');
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
