using System.Text.Json;
using OrleansVector.Index.Datasets;
using OrleansVector.TestSupport;

namespace OrleansVector.Bench.Tests;

/// <summary>The runner end to end on tiny data, through the same entry point as the command line.</summary>
public sealed class RunnerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ov-bench-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void GenWritesDeterministicFilesWithExactGroundTruth()
    {
        var first = Path.Combine(_folder.FullName, "a");
        var second = Path.Combine(_folder.FullName, "b");
        string[] gen = ["gen", "--kind", "clustered", "--n", "400", "--dim", "8", "--clusters", "5", "--seed", "3", "--queries", "7", "--gt-k", "4"];

        Assert.Equal(0, Run([.. gen, "--out", first]).ExitCode);
        Assert.Equal(0, Run([.. gen, "--out", second]).ExitCode);

        foreach (var file in new[] { "base.fvecs", "query.fvecs", "groundtruth.ivecs" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        }
        var data = VecsFile.ReadFvecs(Path.Combine(first, "base.fvecs"));
        var queries = VecsFile.ReadFvecs(Path.Combine(first, "query.fvecs"));
        var truth = VecsFile.ReadIvecs(Path.Combine(first, "groundtruth.ivecs"));
        Assert.Equal((400, 8, 7, 4), (data.Count, data.Dim, queries.Count, truth.Dim));
        Assert.Equal(SyntheticData.Clustered(400, 8, 3, new ClusteredDataOptions { Clusters = 5 }).Data, data.Data);
    }

    [Fact]
    public void AnnOnFlatComputesGroundTruthAndWritesJsonLines()
    {
        var dataFolder = Path.Combine(_folder.FullName, "data");
        Assert.Equal(0, Run(["gen", "--kind", "uniform", "--n", "300", "--dim", "16", "--queries", "12", "--out", dataFolder, "--no-gt"]).ExitCode);
        var json = Path.Combine(_folder.FullName, "results.jsonl");

        var (exitCode, output, _) = Run(["ann", "--base", Path.Combine(dataFolder, "base.fvecs"), "--query", Path.Combine(dataFolder, "query.fvecs"),
            "--metric", "L2", "--k", "5", "--threads", "2", "--index", "FLAT", "--json", json, "--bandwidth-mib", "16", "--warmup", "0"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("scan GB/s", output, StringComparison.Ordinal);
        var line = Assert.Single(File.ReadAllLines(json));
        using var result = JsonDocument.Parse(line);
        Assert.Equal("FLAT", result.RootElement.GetProperty("index").GetString());
        Assert.Equal(1.0, result.RootElement.GetProperty("recall").GetDouble());
        Assert.Equal(2, result.RootElement.GetProperty("threads").GetInt32());
        Assert.Equal(12, result.RootElement.GetProperty("nq").GetInt32());
        Assert.True(result.RootElement.GetProperty("qps").GetDouble() > 0);
        Assert.True(result.RootElement.GetProperty("memory_gbps").GetDouble() > 0);
    }

    [Fact]
    public void AnnReadsRealFilesAndTheirGroundTruth()
    {
        var set = Path.Combine(RepositoryPaths.SharedData, "bigann10k");
        var json = Path.Combine(_folder.FullName, "bigann.jsonl");

        var (exitCode, _, log) = Run(["ann", "--base", Path.Combine(set, "bigann10k_base.bvecs"), "--query", Path.Combine(set, "bigann10k_query.bvecs"),
            "--gt", Path.Combine(set, "bigann10k_groundtruth.ivecs"), "--queries", "10", "--index", "FLAT", "--json", json, "--bandwidth-mib", "16"]);

        Assert.Equal(0, exitCode);
        Assert.Contains("10000 x 128", log, StringComparison.Ordinal);
        Assert.DoesNotContain("computed", log, StringComparison.Ordinal);
        using var result = JsonDocument.Parse(Assert.Single(File.ReadAllLines(json)));
        Assert.Equal(1.0, result.RootElement.GetProperty("recall").GetDouble());
        Assert.Equal(10, result.RootElement.GetProperty("nq").GetInt32());
    }

    [Fact]
    public void TheFaissReferenceRunsOnTheSameDataAndIsScoredTheSameWay()
    {
        RequiredTool.Find("python3", "apt-get install python3-faiss python3-hnswlib");
        var dataFolder = Path.Combine(_folder.FullName, "data");
        Assert.Equal(0, Run(["gen", "--kind", "clustered", "--n", "500", "--dim", "8", "--queries", "10", "--out", dataFolder, "--no-gt"]).ExitCode);
        var json = Path.Combine(_folder.FullName, "ref.jsonl");

        var (exitCode, output, log) = Run(["ann", "--base", Path.Combine(dataFolder, "base.fvecs"), "--query", Path.Combine(dataFolder, "query.fvecs"),
            "--index", "FLAT", "--reference", "faiss", "--json", json, "--bandwidth-mib", "16"]);

        Assert.True(exitCode == 0, log);
        Assert.Contains("QPS ratio orleans-vector / faiss", output, StringComparison.Ordinal);
        var engines = File.ReadAllLines(json).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["orleans-vector", "faiss"], engines.Select(e => e.GetProperty("engine").GetString()));
        Assert.All(engines, e => Assert.Equal(1.0, e.GetProperty("recall").GetDouble()));
    }

    [Theory]
    [InlineData(new[] { "ann", "--base", "B", "--query", "Q", "--index", "FLAT" }, "error: --base: file 'B' does not exist")]
    [InlineData(new[] { "ann", "--index", "HNSW" }, "error: --base FILE is required")]
    [InlineData(new[] { "gen", "--kind", "spiral", "--n", "5", "--dim", "2", "--out", "x" }, "error: --kind 'spiral' is not a kind; valid kinds are clustered, uniform")]
    [InlineData(new[] { "frobnicate" }, "error: unknown command 'frobnicate'")]
    public void UsageErrorsExitWithCodeTwoAndSayWhy(string[] args, string message)
    {
        var (exitCode, _, error) = Run(args);
        Assert.Equal(Program.UsageExitCode, exitCode);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Contains("usage: dotnet run -c Release --project bench/Bench --", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--index", "NOPE", "Index type 'NOPE' is not supported")]
    [InlineData("--metric", "HAMMING", "--metric 'HAMMING' is not a float metric")]
    [InlineData("--k", "101", "lists 100 neighbours per query, fewer than --k 101")]
    [InlineData("--reference", "annoy", "--reference 'annoy' is not a reference library")]
    [InlineData("--search", "ef", "--search: 'ef' has no parameter name")]
    public void BadAnnArgumentsAreReported(string option, string value, string message)
    {
        var set = Path.Combine(RepositoryPaths.SharedData, "ngt_sift5k");
        List<string> args = ["ann", "--base", Path.Combine(set, "ngt_sift5k_base.fvecs"), "--query", Path.Combine(RepositoryPaths.SharedData, "siftsmall", "siftsmall_query.fvecs"),
            "--gt", Path.Combine(set, "ngt_sift5k_gt_for_siftsmall_query_top100.ivecs"), "--queries", "2", "--bandwidth-mib", "16"];
        if (option != "--index")
        {
            args.AddRange(["--index", "FLAT"]);
        }
        args.AddRange([option, value]);

        var (exitCode, _, error) = Run([.. args]);

        Assert.Equal(Program.UsageExitCode, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedDimensionsAreReported()
    {
        var (exitCode, _, error) = Run(["ann", "--base", Path.Combine(RepositoryPaths.SharedData, "fmnistsmall", "fmnistsmall_base.fvecs"),
            "--query", Path.Combine(RepositoryPaths.SharedData, "siftsmall", "siftsmall_query.fvecs"), "--index", "FLAT"]);
        Assert.Equal(Program.UsageExitCode, exitCode);
        Assert.Contains("--query vectors have dimension 128 but --base vectors 784", error, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = Program.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
