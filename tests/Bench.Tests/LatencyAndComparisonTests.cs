using System.Diagnostics;
using OrleansVector.Bench.Ann;

namespace OrleansVector.Bench.Tests;

public sealed class LatencyAndComparisonTests
{
    [Fact]
    public void PercentilesAreNearestRankAndQpsIsCallsOverWallTime()
    {
        var ms = Stopwatch.Frequency / 1000;
        // 100 calls of 1..100 ms (in reverse order), in a pass of 2 s wall time.
        var ticks = Enumerable.Range(1, 100).Select(i => i * ms).Reverse().ToArray();

        var summary = LatencySummary.From(ticks, 2 * Stopwatch.Frequency);

        Assert.Equal(50, summary.P50Ms, 6);
        Assert.Equal(99, summary.P99Ms, 6);
        Assert.Equal(50, summary.Qps, 6);
    }

    [Fact]
    public void TheClosestRecallIsMatchedAndTheFasterWinsATie()
    {
        ResultRow[] ours = [Row("ours", "ef=16", 0.95, 1000)];
        ResultRow[] theirs = [Row("ref", "ef=8", 0.90, 3000), Row("ref", "ef=32", 0.99, 500), Row("ref", "ef=33", 0.99, 600)];

        var match = Assert.Single(Comparison.AtClosestRecall(ours, [.. theirs, Row("ref", "ef=20", 0.951, 800)]));
        Assert.Equal("ef=20", match.Theirs.Search);
        Assert.Equal(1.25, match.QpsRatio, 6);

        var tie = Assert.Single(Comparison.AtClosestRecall([Row("ours", "ef=64", 0.99, 100)], theirs));
        Assert.Equal("ef=33", tie.Theirs.Search);
    }

    [Fact]
    public void BestAtRecallIsTheFastestSettingThatReachesIt()
    {
        ResultRow[] rows = [Row("e", "a", 0.98, 900), Row("e", "b", 0.991, 700), Row("e", "c", 0.999, 400)];
        Assert.Equal("b", Comparison.BestAtRecall(rows, 0.99)?.Search);
        Assert.Null(Comparison.BestAtRecall(rows, 0.9995));
    }

    internal static ResultRow Row(string engine, string search, double recall, double qps) => new()
    {
        Engine = engine, Index = "HNSW", Build = "M=16", BuildSeconds = 1, BytesPerVector = 600, Search = search, Threads = 1,
        Qps = qps, P50Ms = 0.1, P99Ms = 0.2, Recall = recall, K = 10, Metric = "L2", Dataset = "d", BaseCount = 100, QueryCount = 10, Dim = 8,
    };
}
