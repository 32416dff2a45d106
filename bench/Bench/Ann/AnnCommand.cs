using OrleansVector.Bench.Cli;
using OrleansVector.Bench.Machine;
using OrleansVector.Bench.Reference;
using OrleansVector.Index;

namespace OrleansVector.Bench.Ann;

/// <summary>`bench ann`: build, search and score our index (and optionally a reference library) on one data set.</summary>
internal sealed class AnnCommand : IBenchCommand
{
    public string Name => "ann";

    public string Synopsis => "--base B.fvecs --query Q.fvecs [--gt G.ivecs] --index TYPE [options]";

    public IReadOnlyList<OptionSpec> Specs => AnnOptions.Specs;

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var options = AnnOptions.Parse(args);
        var workload = AnnWorkload.Load(options, log);
        IReadOnlyList<ResultRow> ours = OurEngine.Measure(workload, log);
        if (options.IndexType == IndexTypes.Flat)
        {
            ours = WithScanRates(ours, workload, log);
        }
        var theirs = options.Reference is { } library ? ReferenceRunner.Run(options, library, workload) : [];

        output.WriteLine();
        ResultTable.WriteRows(output, [.. ours, .. theirs]);
        if (theirs.Count > 0)
        {
            ResultTable.WriteComparison(output, ours, theirs, options.RecallTargets);
        }
        if (options.JsonPath is { } json)
        {
            JsonLines.Append(json, [.. ours, .. theirs]);
            log.WriteLine($"appended {ours.Count + theirs.Count} lines to {json}");
        }
        return 0;
    }

    /// <summary>FLAT reads every vector per query: its scan rate against the measured memory bandwidth shows how close to the limit it runs.</summary>
    private static IReadOnlyList<ResultRow> WithScanRates(IReadOnlyList<ResultRow> rows, AnnWorkload workload, TextWriter log)
    {
        var threads = workload.Options.Threads;
        var bandwidth = MemoryBandwidth.MeasureGBps(threads, workload.Options.BandwidthMiB);
        log.WriteLine($"memory read bandwidth ({threads} thread(s), {workload.Options.BandwidthMiB} MiB array, best of 5): {bandwidth:F2} GB/s");
        var bytesPerQuery = (double)workload.Data.Count * workload.Data.Dim * sizeof(float);
        return rows.Select(r => r with { ScanGBps = bytesPerQuery * r.Qps / 1e9, MemoryGBps = bandwidth }).ToArray();
    }
}
