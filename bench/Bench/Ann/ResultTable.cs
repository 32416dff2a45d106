using System.Globalization;

namespace OrleansVector.Bench.Ann;

/// <summary>Plain-text report of an `ann` run: the result rows, then the ratios against the reference.</summary>
internal static class ResultTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void WriteRows(TextWriter output, IReadOnlyList<ResultRow> rows)
    {
        var withScan = rows.Any(r => r.ScanGBps.HasValue);
        string[] scanHeader = withScan ? ["scan GB/s", "mem GB/s", "scan/mem"] : [];
        string[] header = ["engine", "index", "build", "build_s", "B/vec", "search", "threads", $"recall@{rows[0].K}", "QPS", "p50 ms", "p99 ms", .. scanHeader];
        var lines = rows.Select(r =>
        {
            string[] scan = withScan ? [F(r.ScanGBps, "F2"), F(r.MemoryGBps, "F2"), F(r.ScanGBps / r.MemoryGBps, "P0")] : [];
            string[] cells =
            [
                r.Engine, r.Index, r.Build, F(r.BuildSeconds, "F2"), F(r.BytesPerVector, "F1"), r.Search, F(r.Threads, "D"),
                F(r.Recall, "F4"), F(r.Qps, "F0"), F(r.P50Ms, "F4"), F(r.P99Ms, "F4"), .. scan,
            ];
            return cells;
        }).ToList();
        WriteAligned(output, header, lines);
    }

    public static void WriteComparison(TextWriter output, IReadOnlyList<ResultRow> ours, IReadOnlyList<ResultRow> theirs, IReadOnlyList<double> recallTargets)
    {
        var engine = theirs[0].Engine;
        output.WriteLine();
        output.WriteLine($"QPS ratio {ResultRow.OurEngine} / {engine} at the closest recall:");
        WriteAligned(output, ["ours", "recall", "QPS", engine, "recall", "QPS", "ratio"],
            Comparison.AtClosestRecall(ours, theirs).Select(m => new[]
            {
                m.Ours.Search, F(m.Ours.Recall, "F4"), F(m.Ours.Qps, "F0"), m.Theirs.Search, F(m.Theirs.Recall, "F4"), F(m.Theirs.Qps, "F0"), F(m.QpsRatio, "F2"),
            }).ToList());

        output.WriteLine();
        output.WriteLine($"best QPS at a recall target (ratio = ours / {engine}):");
        WriteAligned(output, ["recall >=", "ours", "QPS", engine, "QPS", "ratio"], recallTargets.Select(target =>
        {
            var o = Comparison.BestAtRecall(ours, target);
            var t = Comparison.BestAtRecall(theirs, target);
            return new[]
            {
                F(target, "G"), o?.Search ?? "not reached", F(o?.Qps, "F0"), t?.Search ?? "not reached", F(t?.Qps, "F0"),
                o is null || t is null ? "-" : F(o.Qps / t.Qps, "F2"),
            };
        }).ToList());

        output.WriteLine();
        output.WriteLine($"build: {ResultRow.OurEngine} {F(ours[0].BuildSeconds, "F2")} s, {engine} {F(theirs[0].BuildSeconds, "F2")} s, " +
            $"ratio ours / theirs {F(ours[0].BuildSeconds / theirs[0].BuildSeconds, "F2")}; bytes per vector {F(ours[0].BytesPerVector, "F1")} vs {F(theirs[0].BytesPerVector, "F1")}");
    }

    private static string F(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, Invariant) : "-";

    private static string F(int value, string format) => value.ToString(format, Invariant);

    private static void WriteAligned(TextWriter output, string[] header, List<string[]> lines)
    {
        var widths = header.Select((h, i) => lines.Select(l => l[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var line in lines.Prepend(header))
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
