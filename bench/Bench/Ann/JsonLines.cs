using System.Text;
using System.Text.Json;

namespace OrleansVector.Bench.Ann;

/// <summary>
/// The --json format: one object per line with the keys later checks read (index, build_s, bytes_per_vec, search,
/// threads, qps, p50_ms, p99_ms, recall) followed by context (engine, build, k, metric, dataset, n, nq, dim, FLAT scan rates).
/// </summary>
internal static class JsonLines
{
    public static string Format(ResultRow row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("index", row.Index);
            json.WriteNumber("build_s", Round(row.BuildSeconds, 4));
            json.WriteNumber("bytes_per_vec", Round(row.BytesPerVector, 2));
            json.WriteString("search", row.Search);
            json.WriteNumber("threads", row.Threads);
            json.WriteNumber("qps", Round(row.Qps, 1));
            json.WriteNumber("p50_ms", Round(row.P50Ms, 5));
            json.WriteNumber("p99_ms", Round(row.P99Ms, 5));
            json.WriteNumber("recall", Round(row.Recall, 5));
            json.WriteString("engine", row.Engine);
            json.WriteString("build", row.Build);
            json.WriteNumber("k", row.K);
            json.WriteString("metric", row.Metric);
            json.WriteString("dataset", row.Dataset);
            json.WriteNumber("n", row.BaseCount);
            json.WriteNumber("nq", row.QueryCount);
            json.WriteNumber("dim", row.Dim);
            if (row.ScanGBps is { } scan)
            {
                json.WriteNumber("scan_gbps", Round(scan, 3));
            }
            if (row.MemoryGBps is { } memory)
            {
                json.WriteNumber("memory_gbps", Round(memory, 3));
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Append(string path, IEnumerable<ResultRow> rows) =>
        File.AppendAllLines(path, rows.Select(Format));

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : 0;
}
