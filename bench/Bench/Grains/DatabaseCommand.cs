using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansVector.Bench.Ann;
using OrleansVector.Bench.Cli;
using OrleansVector.Gateway.Hosting;

namespace OrleansVector.Bench.Grains;

/// <summary>
/// `bench database`: the standalone database measured through its grains in this process — ingest (acknowledged =
/// durable in the WAL), then the same searches as `ann` runs on the raw index, on the same data, side by side, so the
/// database's overhead shows as a QPS ratio.
/// </summary>
internal sealed class DatabaseCommand : IBenchCommand
{
    private static readonly IReadOnlyList<OptionSpec> OwnSpecs =
    [
        new("batch", "rows per insert call (default 1000)", "ROWS"),
        new("shards", "shards of the collection (default 1)", "N"),
        new("data-dir", "the database's data folder (default a new temporary folder, removed afterwards)", "DIR"),
    ];

    public string Name => "database";

    public string Synopsis => "--base B.fvecs --query Q.fvecs [--gt G.ivecs] --index HNSW --build M=16,efConstruction=200 --search ef=32,64 [--batch 1000]";

    public IReadOnlyList<OptionSpec> Specs { get; } = [.. AnnOptions.Specs.Where(s => s.Name is not ("reference" or "python" or "bandwidth-mib")), .. OwnSpecs];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var own = ArgumentList.Parse(args, Specs);
        var annArgs = WithoutOwnOptions(args);
        var options = AnnOptions.Parse(annArgs);
        var batch = own.Int("batch", 1000, 1, 1_000_000);
        var shards = own.Int("shards", 1, 1, 16);
        var workload = AnnWorkload.Load(options, log);

        var raw = OurEngine.Measure(workload, log);
        var dataDirectory = own.Optional("data-dir") ?? Directory.CreateTempSubdirectory("ov-bench-db-").FullName;
        try
        {
            var database = RunDatabaseAsync(workload, dataDirectory, batch, shards, log).GetAwaiter().GetResult();
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest: {workload.Data.Count} rows x {workload.Data.Dim} in batches of {batch}: {database.IngestRowsPerSecond:F0} rows/s (acknowledged = durable)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"flush + index build + load: {database.PrepareSeconds:F2} s"));
            output.WriteLine();
            ResultTable.WriteRows(output, [.. raw, .. database.Rows]);
            WriteRatios(output, raw, database.Rows);
            if (options.JsonPath is { } json)
            {
                JsonLines.Append(json, [.. raw, .. database.Rows]);
            }
        }
        finally
        {
            if (own.Optional("data-dir") is null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
        return 0;
    }

    private static async Task<DatabaseRun> RunDatabaseAsync(AnnWorkload workload, string dataDirectory, int batch, int shards, TextWriter log)
    {
        // The silo's warnings and errors go to stderr, so that a failed step (a compaction merge, a load) says why.
        using var loggers = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        await using var silo = DatabaseSilo.Open(dataDirectory, loggers, TimeProvider.System);
        await silo.StartAsync(CancellationToken.None);
        try
        {
            var database = new BenchDatabase(silo.GrainFactory, workload);
            await database.CreateCollectionAsync(shards);

            var start = Stopwatch.GetTimestamp();
            await database.InsertAllAsync(batch);
            var ingest = workload.Data.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database: inserted {workload.Data.Count} rows at {ingest:F0} rows/s"));

            start = Stopwatch.GetTimestamp();
            await database.FlushIndexAndLoadAsync(log);
            var prepare = Stopwatch.GetElapsedTime(start).TotalSeconds;

            var rows = database.MeasureSearches(prepare, log);
            return new DatabaseRun(ingest, prepare, rows);
        }
        finally
        {
            await silo.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Database QPS over raw-index QPS for each search setting, with both recalls.</summary>
    private static void WriteRatios(TextWriter output, IReadOnlyList<ResultRow> raw, IReadOnlyList<ResultRow> database)
    {
        output.WriteLine();
        output.WriteLine("database / raw index, same search setting:");
        foreach (var row in database)
        {
            var index = raw.First(r => r.Search == row.Search);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {row.Search,-16} recall {row.Recall:F4} vs {index.Recall:F4}   QPS {row.Qps:F0} vs {index.Qps:F0}   ratio {row.Qps / index.Qps:F2}   p99 {row.P99Ms:F3} ms vs {index.P99Ms:F3} ms"));
        }
    }

    private static string[] WithoutOwnOptions(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (OwnSpecs.Any(s => args[i] == $"--{s.Name}"))
            {
                i++; // its value
                continue;
            }
            kept.Add(args[i]);
        }
        return [.. kept];
    }

    private sealed record DatabaseRun(double IngestRowsPerSecond, double PrepareSeconds, IReadOnlyList<ResultRow> Rows);
}
