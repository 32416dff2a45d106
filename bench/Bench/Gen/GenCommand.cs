using System.Diagnostics;
using OrleansVector.Bench.Cli;
using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Gen;

/// <summary>`bench gen`: writes a deterministic synthetic data set (base, queries, exact ground truth) as texmex files.</summary>
internal sealed class GenCommand : IBenchCommand
{
    public string Name => "gen";

    public string Synopsis => "--kind clustered --n 100000 --dim 128 --out DIR [options]";

    public const string BaseFile = "base.fvecs";
    public const string QueryFile = "query.fvecs";
    public const string GroundTruthFile = "groundtruth.ivecs";

    public IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("kind", "clustered or uniform", "KIND", Required: true),
        new("n", "base vectors", "N", Required: true),
        new("dim", "dimension", "DIM", Required: true),
        new("out", "output folder (created if missing)", "DIR", Required: true),
        new("seed", "seed; the same arguments always give the same files (default 1)", "SEED"),
        new("clusters", "clusters of the clustered kind (default 100)", "C"),
        new("queries", "query vectors, drawn from the same distribution (default 1000)", "NQ"),
        new("gt-k", "neighbours per query in groundtruth.ivecs (default 100)", "K"),
        new("metric", "metric of the ground truth: L2, IP or COSINE (default L2)", "METRIC"),
        new("intrinsic-dim", "latent dimensions of the clustered kind (default 24)", "D"),
        new("noise", "standard deviation of the isotropic noise of the clustered kind (default 0.1)", "SIGMA"),
        new("cluster-spread", "standard deviation of points around their centre, latent space (default 1)", "S"),
        new("centre-spread", "standard deviation of the centres, latent space (default 3)", "S"),
        OptionSpec.Flag("no-gt", "skip the ground truth"),
    ];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var list = ArgumentList.Parse(args, Specs);
        var kind = list.Required("kind").Trim().ToLowerInvariant() switch
        {
            "clustered" => SyntheticKind.Clustered,
            "uniform" => SyntheticKind.Uniform,
            var other => throw new UsageException($"--kind '{other}' is not a kind; valid kinds are clustered, uniform"),
        };
        var n = list.Int("n", 0, 1, int.MaxValue);
        var dim = list.Int("dim", 0, 1, VecsFile.MaxDim);
        var queryCount = list.Int("queries", 1000, 1, int.MaxValue);
        var gtK = list.Int("gt-k", 100, 1, n);
        var metric = FloatMetricOption.Parse(list.String("metric", "L2"), "metric");
        var defaults = new ClusteredDataOptions();
        var shape = new ClusteredDataOptions
        {
            Clusters = list.Int("clusters", defaults.Clusters, 1, int.MaxValue),
            IntrinsicDim = list.Int("intrinsic-dim", defaults.IntrinsicDim, 1, VecsFile.MaxDim),
            Noise = list.Double("noise", defaults.Noise, 0, double.MaxValue),
            ClusterSpread = list.Double("cluster-spread", defaults.ClusterSpread, 0, double.MaxValue),
            CentreSpread = list.Double("centre-spread", defaults.CentreSpread, 0, double.MaxValue),
        };
        var generator = new SyntheticData(kind, dim, list.Int("seed", 1, int.MinValue, int.MaxValue), shape);
        var folder = Directory.CreateDirectory(list.Required("out")).FullName;

        var start = Stopwatch.GetTimestamp();
        var data = generator.Generate(n, SyntheticData.BaseStream);
        var queries = generator.Generate(queryCount, SyntheticData.QueryStream);
        VecsFile.WriteFvecs(Path.Combine(folder, BaseFile), data);
        VecsFile.WriteFvecs(Path.Combine(folder, QueryFile), queries);
        output.WriteLine($"wrote {n} x {dim} {kind} base vectors and {queryCount} queries to {folder} ({Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s)");
        if (!list.Flag("no-gt"))
        {
            start = Stopwatch.GetTimestamp();
            VecsFile.WriteIvecs(Path.Combine(folder, GroundTruthFile), ExactNeighbors.Compute(data, queries, gtK, metric));
            output.WriteLine($"wrote exact {Metrics.MilvusName(metric)} top-{gtK} ground truth ({Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s)");
        }
        return 0;
    }
}
