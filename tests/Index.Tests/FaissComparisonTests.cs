using System.Diagnostics;
using System.Globalization;
using OrleansVector.Index.Tests.Support;
using OrleansVector.Kernels;
using OrleansVector.TestSupport;

namespace OrleansVector.Index.Tests;

/// <summary>IVF_PQ against FAISS's IndexIVFPQ (Debian python3-faiss) on the same data with the same nlist, m and nprobe.</summary>
public sealed class FaissComparisonTests
{
    /// <summary>"np": no polysemous training (a code reordering that leaves recall unchanged and takes a minute here).</summary>
    private const string Script = """
        import sys, numpy as np, faiss
        faiss.omp_set_num_threads(1)
        def fvecs(p):
            a = np.fromfile(p, dtype=np.int32); d = a[0]
            return np.ascontiguousarray(a.reshape(-1, d + 1)[:, 1:].view(np.float32))
        xb, xq = fvecs(sys.argv[1]), fvecs(sys.argv[2])
        flat = faiss.IndexFlatL2(xb.shape[1]); flat.add(xb); _, gt = flat.search(xq, 10)
        index = faiss.index_factory(xb.shape[1], 'IVF100,PQ16x8np'); index.train(xb); index.add(xb); index.nprobe = 16
        _, found = index.search(xq, 10)
        print(np.mean([len(set(found[i]) & set(gt[i])) / 10 for i in range(len(xq))]))
        """;

    [Fact]
    public async Task IvfPqRecallIsWithin003OfFaiss()
    {
        var python = DebianPython();
        var data = Path.Combine(RepositoryPaths.SharedData, "ngt_sift5k", "ngt_sift5k_base.fvecs");
        var queries = Path.Combine(RepositoryPaths.SharedData, "siftsmall", "siftsmall_query.fvecs");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Script, data, queries })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"FAISS run failed: {await stderr}");
        var faissRecall = double.Parse(output.Trim(), CultureInfo.InvariantCulture);

        var (vectors, queryVectors) = TestSets.Sift;
        var index = VectorIndexFactory.Create("IVF_PQ", "L2", vectors.Dim, TestSets.Parameters("nlist=100", "m=16", "nbits=8"));
        index.Build(vectors.Data);
        var ours = ExactReference.Recall(index.Search(queryVectors.Data, 10, new SearchParameters { Nprobe = 16 }),
            ExactReference.TopK(MetricType.L2, vectors.Data, queryVectors.Data, vectors.Dim, 10));

        Assert.True(ours >= faissRecall - 0.03, $"IVF_PQ recall@10 {ours} vs FAISS {faissRecall}");
    }

    /// <summary>Debian's python3 (python3-faiss installs for it), or a failure that says how to get it.</summary>
    private static string DebianPython()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            throw new InvalidOperationException($"{python} is missing; this test needs Debian's python3 with python3-faiss (apt-get install python3-faiss; ./test.sh does this).");
        }

        return python;
    }
}
