using System.Diagnostics;
using OrleansVector.Bench.Ann;
using OrleansVector.Bench.Cli;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// `bench gateway`: the gateway's overhead. The same inserts (rows/s, each path into its own identical collection) and
/// nq=1 top-10 searches of one collection (QPS, p50/p99; one at a time with the paths taking turns call by call, then
/// several in flight; best of rounds) go through the Milvus gRPC endpoint on loopback, with a lean blocking client and
/// with HttpClient, and straight to the collection grain in process; the ratios are the share the gateway keeps.
/// </summary>
internal sealed class GatewayCommand : IBenchCommand
{
    private static readonly TimeSpan LoadLimit = TimeSpan.FromMinutes(2);
    private const int Rounds = 3;

    public string Name => "gateway";

    public string Synopsis => "[--rows N] [--batch N] [--queries N] [--concurrency N] [--dim N]";

    public IReadOnlyList<OptionSpec> Specs { get; } =
    [
        new("rows", "rows inserted per path (default 20000)", "N"),
        new("batch", "rows per Insert call (default 1000)", "N"),
        new("queries", "timed searches per pass, after as many warm-up searches (default 2000)", "N"),
        new("concurrency", "searches in flight in the throughput pass (default 8)", "N"),
        new("dim", "vector dimension (default 128)", "N"),
    ];

    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        var list = ArgumentList.Parse(args, Specs);
        var options = new Options(
            list.Int("rows", 20_000, 100, 10_000_000),
            list.Int("batch", 1_000, 1, 100_000),
            list.Int("queries", 2_000, 10, 10_000_000),
            list.Int("concurrency", 8, 1, 1_000),
            list.Int("dim", 128, 2, 32_768));
        RunAsync(options, output, log).GetAwaiter().GetResult();
        return 0;
    }

    private sealed record Options(int Rows, int Batch, int Queries, int Concurrency, int Dimension);

    private sealed record PathResult(string Name, double RowsPerSecond, LatencySummary Sequential, double ConcurrentQps, double CpuUsPerSearch);

    private static async Task RunAsync(Options options, TextWriter output, TextWriter log)
    {
        log.WriteLine("starting the database silo and the gRPC gateway on loopback");
        await using var server = await GatewayBenchServer.StartAsync();
        // Two clients: a lean blocking one, as a synchronous SDK stub calls (the server's overhead shows), and HttpClient,
        // as grpc-dotnet calls (its own thread hand-offs add to the figure).
        using var blocking = new BlockingGrpcClient(server.GrpcUri);
        using var httpClient = new HttpClientGrpcClient(server.GrpcUri);
        IGrpcBenchClient[] clients = [blocking, httpClient];
        string[] clientNames = ["gRPC blocking", "gRPC HttpClient"];
        var coordinator = server.Database.GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
        var workload = new GatewayWorkload(options.Dimension, seed: 42);
        log.WriteLine("measuring the gRPC round trip floor (GetVersion)");
        var floors = new LatencySummary[clients.Length];
        for (var c = 0; c < clients.Length; c++)
        {
            var client = clients[c];
            floors[c] = await OnOwnThread(() => Floor(client, options.Queries));
        }
        string[] collections = ["bench_grpc", "bench_grpc_http", "bench_in_process"];
        var grains = new Dictionary<string, ICollectionGrain>();
        foreach (var name in collections)
        {
            await workload.CreateLoadedCollectionAsync(coordinator, name, LoadLimit);
            var info = await coordinator.GetCollection(new CollectionLookup { DbName = "default", CollectionName = name });
            GatewayWorkload.Check(info.Status);
            grains[name] = server.Database.GrainFactory.GetGrain<ICollectionGrain>(info.Info.Id);
        }
        log.WriteLine($"inserting {options.Rows} rows of dim {options.Dimension} per path, batches alternating between the paths");
        // Each path inserts into a collection of its own (the same rows), so neither write lands in the other's data.
        var rowsPerSecond = await OnOwnThread(() => Insert(
            [
                new GatewayBenchPath.Grpc(clientNames[0], collections[0], blocking),
                new GatewayBenchPath.Grpc(clientNames[1], collections[1], httpClient),
                new GatewayBenchPath.InProcess(collections[2], grains[collections[2]]),
            ],
            workload, options));
        log.WriteLine("flushing, and waiting for the index builds and loads to finish");
        foreach (var name in collections)
        {
            await GatewayWorkload.SettleAsync(coordinator, grains[name], name, LoadLimit);
        }
        // All paths search one collection: two collections differ in what background work (sealing, index builds) has
        // done to them at any moment, and a growing segment searched by brute force would be charged to one path only.
        List<GatewayBenchPath> paths =
        [
            new GatewayBenchPath.Grpc(clientNames[0], collections[0], blocking),
            new GatewayBenchPath.Grpc(clientNames[1], collections[0], httpClient),
            new GatewayBenchPath.InProcess(collections[0], grains[collections[0]]),
        ];
        // Load from the machine's other processes, and any background work left, hits whichever call runs at the time: the
        // sequential passes interleave the paths call by call, the other passes alternate between them, and each path
        // keeps its best of several rounds.
        var best = paths.ToDictionary(p => p, _ => (Sequential: default(LatencySummary), Concurrent: 0.0, CpuUs: double.MaxValue));
        _ = await Interleaved(paths, workload, options.Queries); // warm-up
        for (var round = 0; round < Rounds; round++)
        {
            log.WriteLine($"round {round + 1}/{Rounds}: one search at a time, the paths taking turns");
            var interleaved = await Interleaved(paths, workload, options.Queries);
            log.WriteLine($"  p50 ms: {string.Join(", ", paths.Select((p, i) => $"{p.Name} {interleaved[i].P50Ms:F3}"))}");
            for (var i = 0; i < paths.Count; i++)
            {
                var path = paths[i];
                log.WriteLine($"round {round + 1}/{Rounds}: searching via {path.Name}");
                var before = SearchHandlerTime(server.Metrics);
                var cpuUs = await CpuPerSearch(path, workload, options.Queries);
                var after = SearchHandlerTime(server.Metrics);
                if (after.Count > before.Count)
                {
                    log.WriteLine($"  gateway handler mean over a sequential pass of its own: {(after.Sum - before.Sum) / (after.Count - before.Count) * 1000:F3} ms");
                }
                var concurrent = await Concurrent(path, workload, options.Queries, options.Concurrency);
                var (bestSequential, bestConcurrent, bestCpuUs) = best[path];
                best[path] = (interleaved[i].Qps > bestSequential.Qps ? interleaved[i] : bestSequential, Math.Max(concurrent, bestConcurrent), Math.Min(cpuUs, bestCpuUs));
            }
        }
        var results = paths.Select((p, i) => new PathResult(p.Name, rowsPerSecond[i], best[p].Sequential, best[p].Concurrent, best[p].CpuUs)).ToList();
        output.WriteLine($"dim {options.Dimension}, {options.Rows} rows in batches of {options.Batch}, nq=1 top-{GatewayWorkload.TopK}, " +
            $"{options.Queries} queries per pass, best of {Rounds} rounds (one at a time: the paths take turns call by call)");
        output.WriteLine($"{"path",-18} {"insert rows/s",14} {"p50 ms",8} {"p99 ms",8} {"seq QPS",9} {$"QPS @{options.Concurrency}",10} {"CPU us/search",14}");
        foreach (var r in results)
        {
            output.WriteLine($"{r.Name,-18} {r.RowsPerSecond,14:F0} {r.Sequential.P50Ms,8:F3} {r.Sequential.P99Ms,8:F3} {r.Sequential.Qps,9:F0} {r.ConcurrentQps,10:F0} {r.CpuUsPerSearch,14:F0}");
        }
        var direct = results[^1];
        for (var c = 0; c < clients.Length; c++)
        {
            var (grpc, floor) = (results[c], floors[c]);
            output.WriteLine($"{grpc.Name}: round trip floor (GetVersion, no grain) p50 {floor.P50Ms:F3} ms, p99 {floor.P99Ms:F3} ms, {floor.Qps:F0} calls/s; " +
                $"CPU it adds per search (client, transport and gateway) {grpc.CpuUsPerSearch - direct.CpuUsPerSearch:F0} us");
            output.WriteLine($"{grpc.Name} / in-process: insert {grpc.RowsPerSecond / direct.RowsPerSecond:P0}, sequential search QPS {grpc.Sequential.Qps / direct.Sequential.Qps:P0}, " +
                $"search QPS @{options.Concurrency} {grpc.ConcurrentQps / direct.ConcurrentQps:P0}");
        }
    }

    /// <summary>
    /// Runs a pass of blocking calls on a thread of its own, as an application's request thread calls: never on a
    /// thread-pool thread, which the server in this process needs (a blocked pool thread delays Kestrel and the grains).
    /// </summary>
    private static Task<T> OnOwnThread<T>(Func<T> pass) =>
        Task.Factory.StartNew(pass, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static (double Sum, long Count) SearchHandlerTime(GatewayMetrics metrics) =>
        metrics.Latencies.Where(l => l.Method == "Search").Select(l => l.Histogram.Snapshot()).Select(h => (h.Sum, h.Count)).FirstOrDefault();

    /// <summary>What a call costs the gateway with no grain behind it: the transport, framing and dispatch alone.</summary>
    private static LatencySummary Floor(IGrpcBenchClient client, int calls)
    {
        var request = new GetVersionRequest();
        var ticks = new long[calls];
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            GatewayWorkload.Check(client.CallAsync("GetVersion", request, GetVersionResponse.Parser).GetAwaiter().GetResult().Status);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        return LatencySummary.From(ticks, wall.ElapsedTicks);
    }

    /// <summary>
    /// Rows per second of each path; batch i goes to every path before batch i + 1 goes to any, the paths' order rotated
    /// from batch to batch (the call after another path's insert meets that insert's background work). One untimed batch per
    /// path first (ids after the timed ones): otherwise the first path's first batch pays for compiling the grains'
    /// whole insert path, and with few batches that one cold call decides the ratio.
    /// </summary>
    private static double[] Insert(IReadOnlyList<GatewayBenchPath> paths, GatewayWorkload workload, Options options)
    {
        foreach (var path in paths)
        {
            GatewayWorkload.Check(path.Insert(workload.Rows(path.Collection, options.Rows, options.Batch)).Status);
        }
        var elapsed = new TimeSpan[paths.Count];
        for (var first = 0; first < options.Rows; first += options.Batch)
        {
            var count = Math.Min(options.Batch, options.Rows - first);
            for (var turn = 0; turn < paths.Count; turn++)
            {
                var p = (first / options.Batch + turn) % paths.Count;
                var batch = workload.Rows(paths[p].Collection, first, count);
                var start = Stopwatch.GetTimestamp();
                GatewayWorkload.Check(paths[p].Insert(batch).Status);
                elapsed[p] += Stopwatch.GetElapsedTime(start);
            }
        }
        return [.. elapsed.Select(e => options.Rows / e.TotalSeconds)];
    }

    /// <summary>
    /// One search at a time through every path, the paths taking turns call by call (each call's order rotated), so that
    /// a change in the machine's load (other processes on a shared machine) falls on all paths alike. QPS is over the
    /// time spent in each path's own calls.
    /// </summary>
    private static Task<LatencySummary[]> Interleaved(IReadOnlyList<GatewayBenchPath> paths, GatewayWorkload workload, int queries)
    {
        var requests = paths.Select(p => Enumerable.Range(0, queries).Select(_ => workload.Query(p.Collection)).ToList()).ToList();
        return OnOwnThread(() =>
        {
            var ticks = paths.Select(_ => new long[queries]).ToArray();
            for (var i = 0; i < queries; i++)
            {
                for (var turn = 0; turn < paths.Count; turn++)
                {
                    var p = (i + turn) % paths.Count;
                    var start = Stopwatch.GetTimestamp();
                    CheckHits(paths[p].Search(requests[p][i]));
                    ticks[p][i] = Stopwatch.GetTimestamp() - start;
                }
            }
            return ticks.Select(t => LatencySummary.From(t, t.Sum())).ToArray();
        });
    }

    /// <summary>
    /// The process's CPU time per search over a sequential pass of the path alone (client, gateway and grains together;
    /// the lowest of the rounds is the least disturbed by background work, and unlike wall time it does not count
    /// waiting for a core the machine's other processes hold).
    /// </summary>
    private static Task<double> CpuPerSearch(GatewayBenchPath path, GatewayWorkload workload, int queries)
    {
        var requests = Enumerable.Range(0, queries).Select(_ => workload.Query(path.Collection)).ToList();
        return OnOwnThread(() =>
        {
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            foreach (var request in requests)
            {
                CheckHits(path.Search(request));
            }
            process.Refresh();
            return (process.TotalProcessorTime - cpu).TotalMicroseconds / queries;
        });
    }

    private static async Task<double> Concurrent(GatewayBenchPath path, GatewayWorkload workload, int queries, int concurrency)
    {
        var perLoop = Math.Max(1, queries / concurrency);
        var requests = Enumerable.Range(0, concurrency).Select(_ => Enumerable.Range(0, perLoop).Select(_ => workload.Query(path.Collection)).ToList()).ToList();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(requests.Select(loop => OnOwnThread(() =>
        {
            foreach (var request in loop)
            {
                CheckHits(path.Search(request));
            }
            return loop.Count;
        })));
        return perLoop * concurrency / wall.Elapsed.TotalSeconds;
    }

    /// <summary>A search that found fewer than top-k rows measured nothing useful.</summary>
    private static void CheckHits(SearchResults results)
    {
        GatewayWorkload.Check(results.Status);
        if (results.Results.Scores.Count != GatewayWorkload.TopK)
        {
            throw new InvalidOperationException($"a search returned {results.Results.Scores.Count} hits, not {GatewayWorkload.TopK}");
        }
    }
}
