using OrleansVector.Bench.Cli;
using OrleansVector.Bench.Reference;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Ann;

/// <summary>What `bench ann` measures; see bench/README.md for every option.</summary>
internal sealed record AnnOptions
{
    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("base", "base vectors (.fvecs or .bvecs)", "FILE", Required: true),
        new("query", "query vectors (.fvecs or .bvecs)", "FILE", Required: true),
        new("gt", "ground-truth ids (.ivecs, nearest first); computed exactly when absent", "FILE"),
        new("metric", "L2, IP or COSINE (default L2)", "METRIC"),
        new("k", "neighbours per query, recall@k (default 10)", "K"),
        new("threads", "threads issuing queries, one query per call each; also the build's thread count (default 1)", "N"),
        new("index", "FLAT, HNSW, IVF_FLAT, IVF_SQ8, IVF_PQ", "TYPE", Required: true),
        new("build", "build parameters, e.g. M=16,efConstruction=200 or nlist=1024", "PARAMS"),
        new("search", "search settings, e.g. ef=16,32,64 or nprobe=1,8,16 (every combination is run)", "GRID"),
        new("reference", "also run hnswlib or faiss (Debian python3 packages) on the same data and print ratios", "LIB"),
        new("json", "append one JSON object per result line to this file", "FILE"),
        new("queries", "use only the first N queries (default all)", "N"),
        new("base-count", "use only the first N base vectors (ground truth is then computed)", "N"),
        new("repeat", "timed passes per search setting; the pass with the median QPS is reported (default 1)", "R"),
        new("warmup", "untimed queries before each setting, repeated for at least 1 s (default min(200, queries); 0 = none)", "N"),
        new("recall-targets", "recall levels for the best-QPS-at-recall comparison (default 0.9,0.95,0.99)", "LIST"),
        new("python", "Python interpreter for --reference (default /usr/bin/python3)", "PATH"),
        new("bandwidth-mib", "array size of the memory-bandwidth probe for FLAT (default 512)", "MIB"),
    ];

    public required string BasePath { get; init; }
    public required string QueryPath { get; init; }
    public string? GroundTruthPath { get; init; }
    public MetricType Metric { get; init; } = MetricType.L2;
    public int K { get; init; } = 10;
    public int Threads { get; init; } = 1;
    public required string IndexType { get; init; }
    public IReadOnlyDictionary<string, string> Build { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Searches { get; init; } = [new Dictionary<string, string>()];
    public ReferenceLibrary? Reference { get; init; }
    public string? JsonPath { get; init; }
    public int MaxQueries { get; init; } = int.MaxValue;
    public int MaxBase { get; init; } = int.MaxValue;
    public int Repeat { get; init; } = 1;
    public int? Warmup { get; init; }
    public IReadOnlyList<double> RecallTargets { get; init; } = [0.9, 0.95, 0.99];
    public string Python { get; init; } = "/usr/bin/python3";
    public int BandwidthMiB { get; init; } = 512;

    public static AnnOptions Parse(IReadOnlyList<string> args)
    {
        var list = ArgumentList.Parse(args, Specs);
        var reference = list.Optional("reference");
        return new AnnOptions
        {
            BasePath = list.ExistingFile("base")!,
            QueryPath = list.ExistingFile("query")!,
            GroundTruthPath = list.ExistingFile("gt"),
            Metric = FloatMetricOption.Parse(list.String("metric", "L2"), "metric"),
            K = list.Int("k", 10, 1, 16384),
            Threads = list.Int("threads", 1, 1, 1024),
            IndexType = list.Required("index").Trim().ToUpperInvariant(),
            Build = ParameterGrid.ParseBuild(list.Optional("build"), "build"),
            Searches = ParameterGrid.ParseSearch(list.Optional("search"), "search"),
            Reference = reference is null ? null : ReferenceLibraries.Parse(reference),
            JsonPath = list.Optional("json"),
            MaxQueries = list.Int("queries", int.MaxValue, 1, int.MaxValue),
            MaxBase = list.Int("base-count", int.MaxValue, 1, int.MaxValue),
            Repeat = list.Int("repeat", 1, 1, 1000),
            Warmup = list.Has("warmup") ? list.Int("warmup", 0, 0, int.MaxValue) : null,
            RecallTargets = list.Doubles("recall-targets", [0.9, 0.95, 0.99], 0, 1),
            Python = list.String("python", "/usr/bin/python3"),
            BandwidthMiB = list.Int("bandwidth-mib", 512, 16, 1 << 20),
        };
    }
}
