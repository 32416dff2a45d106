using System.Globalization;
using System.Text.Json;
using OrleansVector.Bench.Ann;
using OrleansVector.Bench.Cli;
using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Reference;

/// <summary>
/// Runs ann_reference.py (shipped beside the runner) as a child process on the same files, counts, parameters and thread
/// count, then scores its result ids with the same recall code as ours.
/// </summary>
internal static class ReferenceRunner
{
    public const string ScriptName = "ann_reference.py";

    public static IReadOnlyList<ResultRow> Run(AnnOptions options, ReferenceLibrary library, AnnWorkload workload)
    {
        ReferenceSetup.Ensure(library, options.Python);
        var script = Path.Combine(AppContext.BaseDirectory, ScriptName);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing; it is copied to the output folder by the build of bench/Bench");
        }
        var output = Directory.CreateTempSubdirectory("ov-bench-ref-");
        try
        {
            string[] arguments =
            [
                script, "--library", library.Module(),
                "--base", options.BasePath, "--query", options.QueryPath,
                "--base-count", Invariant(workload.Data.Count), "--queries", Invariant(workload.Queries.Count),
                "--metric", Metrics.MilvusName(options.Metric), "--k", Invariant(options.K), "--threads", Invariant(options.Threads),
                "--index", options.IndexType, "--build", ParameterGrid.Format(options.Build),
                .. options.Searches.SelectMany(s => new[] { "--search", ParameterGrid.Format(s) }),
                "--warmup", Invariant(workload.Warmup), "--repeat", Invariant(options.Repeat), "--out", output.FullName,
            ];
            // One BLAS/OpenMP thread per measured thread; passive waiting so idle pools do not spin against the searches.
            var threads = Invariant(options.Threads);
            var environment = new Dictionary<string, string>
            {
                ["OMP_NUM_THREADS"] = threads,
                ["OPENBLAS_NUM_THREADS"] = threads,
                ["OMP_WAIT_POLICY"] = "PASSIVE",
            };
            var (exitCode, stdout) = ChildProcess.Run(options.Python, arguments, environment);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"the {library.Module()} reference run failed (exit code {exitCode}); its messages are above");
            }
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => ToRow(line, library, options, workload)).ToArray();
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static ResultRow ToRow(string line, ReferenceLibrary library, AnnOptions options, AnnWorkload workload)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var ids = VecsFile.ReadIvecs(root.GetProperty("ids").GetString()!);
        var found = ids.Data.Select(id => (long)id).ToArray();
        return workload.Row(library.Module(), ParameterGrid.Format(options.Build)) with
        {
            BuildSeconds = root.GetProperty("build_s").GetDouble(),
            BytesPerVector = root.GetProperty("bytes_per_vec").GetDouble(),
            Search = root.GetProperty("search").GetString()!,
            Qps = root.GetProperty("qps").GetDouble(),
            P50Ms = root.GetProperty("p50_ms").GetDouble(),
            P99Ms = root.GetProperty("p99_ms").GetDouble(),
            Recall = Recall.AtK(found, ids.Dim, workload.GroundTruth, options.K),
        };
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
