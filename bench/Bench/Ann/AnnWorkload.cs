using System.Diagnostics;
using OrleansVector.Bench.Cli;
using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Ann;

/// <summary>The vectors, queries and ground truth of one `ann` run, read (and computed) once for every engine.</summary>
internal sealed class AnnWorkload
{
    private AnnWorkload(AnnOptions options, VectorArray<float> data, VectorArray<float> queries, VectorArray<int> groundTruth)
    {
        Options = options;
        Data = data;
        Queries = queries;
        GroundTruth = groundTruth;
        Warmup = options.Warmup ?? Math.Min(200, queries.Count);
    }

    public AnnOptions Options { get; }

    public VectorArray<float> Data { get; }

    public VectorArray<float> Queries { get; }

    /// <summary>At least k ids per query, nearest first.</summary>
    public VectorArray<int> GroundTruth { get; }

    public int Warmup { get; }

    public string DatasetName => Path.GetFileName(Options.BasePath);

    public static AnnWorkload Load(AnnOptions options, TextWriter log)
    {
        var data = Read(() => VecsFile.ReadFloatVectors(options.BasePath, options.MaxBase), "--base");
        var queries = Read(() => VecsFile.ReadFloatVectors(options.QueryPath, options.MaxQueries), "--query");
        if (queries.Dim != data.Dim)
        {
            throw new UsageException($"--query vectors have dimension {queries.Dim} but --base vectors {data.Dim}");
        }
        if (options.K > data.Count)
        {
            throw new UsageException($"--k {options.K} is larger than the {data.Count} base vectors");
        }
        log.WriteLine($"base {options.BasePath}: {data.Count} x {data.Dim}; queries {options.QueryPath}: {queries.Count}");

        VectorArray<int> truth;
        if (options.GroundTruthPath is { } gtPath && !(options.MaxBase < int.MaxValue))
        {
            truth = Read(() => VecsFile.ReadIvecs(gtPath), "--gt");
            if (truth.Dim < options.K)
            {
                throw new UsageException($"--gt '{gtPath}' lists {truth.Dim} neighbours per query, fewer than --k {options.K}");
            }
            if (truth.Count < queries.Count)
            {
                log.WriteLine($"--gt covers only {truth.Count} queries; using the first {truth.Count}");
                queries = queries.Take(truth.Count);
            }
        }
        else
        {
            if (options.GroundTruthPath is not null)
            {
                log.WriteLine("--base-count limits the base, so --gt no longer applies; computing the ground truth");
            }
            var start = Stopwatch.GetTimestamp();
            truth = ExactNeighbors.Compute(data, queries, options.K, options.Metric);
            log.WriteLine($"exact ground truth ({Metrics.MilvusName(options.Metric)}, top {options.K}) computed in {Stopwatch.GetElapsedTime(start).TotalSeconds:F2} s");
        }
        return new AnnWorkload(options, data, queries, truth);
    }

    /// <summary>A result row for this workload with the measurements still zero.</summary>
    public ResultRow Row(string engine, string build) => new()
    {
        Engine = engine,
        Index = Options.IndexType,
        Build = build,
        BuildSeconds = 0,
        BytesPerVector = 0,
        Search = "-",
        Threads = Options.Threads,
        Qps = 0,
        P50Ms = 0,
        P99Ms = 0,
        Recall = 0,
        K = Options.K,
        Metric = Metrics.MilvusName(Options.Metric),
        Dataset = DatasetName,
        BaseCount = Data.Count,
        QueryCount = Queries.Count,
        Dim = Data.Dim,
    };

    /// <summary>One search setting of <paramref name="engine"/> as measured: latencies, and the recall of the ids it returned.</summary>
    public ResultRow SearchRow(string engine, string build, string search, LatencySummary summary, long[] ids) => Row(engine, build) with
    {
        Search = search,
        Qps = summary.Qps,
        P50Ms = summary.P50Ms,
        P99Ms = summary.P99Ms,
        Recall = Recall.AtK(ids, Options.K, GroundTruth, Options.K),
    };

    private static T Read<T>(Func<T> read, string option)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }
}
