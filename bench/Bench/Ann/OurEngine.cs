using OrleansVector.Bench.Cli;
using OrleansVector.Index;

namespace OrleansVector.Bench.Ann;

/// <summary>Builds and searches our index of the requested type through the public IVectorIndex interface.</summary>
internal static class OurEngine
{
    public static IReadOnlyList<ResultRow> Measure(AnnWorkload workload, TextWriter log)
    {
        var options = workload.Options;
        var build = ParameterGrid.Format(options.Build);
        var index = VectorIndexFactory.Create(options.IndexType, options.Metric, workload.Data.Dim, options.Build,
            new IndexBuildOptions { MaxDegreeOfParallelism = options.Threads });
        // Parse every search setting before the (possibly long) build, so a typo fails fast.
        var searches = options.Searches.Select(s => (Text: ParameterGrid.Format(s), Parameters: SearchParameters.FromMilvus(s))).ToArray();

        log.WriteLine($"{ResultRow.OurEngine}: building {options.IndexType} {build} on {workload.Data.Count} x {workload.Data.Dim}");
        var buildSeconds = BoundedBuild.Run(() => index.Build(workload.Data.Data), options.Threads, log);
        var size = new CountingStream();
        index.Save(size);

        var rows = new List<ResultRow>();
        var k = options.K;
        var queries = workload.Queries;
        foreach (var (text, parameters) in searches)
        {
            var (summary, ids) = SearchTimer.Run(queries.Count, k, options.Threads, workload.Warmup, options.Repeat, (q, found) =>
            {
                var result = index.Search(VectorData.FromFloats(queries.Row(q)), k, parameters);
                result.IdsOf(0).CopyTo(found);
            });
            rows.Add(workload.SearchRow(ResultRow.OurEngine, build, text, summary, ids) with
            {
                BuildSeconds = buildSeconds,
                BytesPerVector = (double)size.BytesWritten / workload.Data.Count,
            });
        }
        return rows;
    }
}
