using System.Diagnostics;
using System.Runtime;

namespace OrleansVector.Bench.Ann;

/// <summary>
/// Times one query per call: <c>threads</c> threads take the next query index from a shared counter until all are done;
/// each call is timed on its own and the pass's wall time gives the QPS. Untimed calls (at least --warmup of them, for at least a second, and until the JIT has settled) warm caches and the JIT first.
/// </summary>
internal static class SearchTimer
{
    /// <summary>
    /// The tiered JIT replaces first-tier code only after methods have been called for a while (about 100 ms after calls
    /// stop being new, then compiled in the background): a warm-up shorter than that times unoptimised code, as a
    /// small query set would. So warm-up also cycles over the queries until this much time has passed.
    /// </summary>
    private static readonly TimeSpan MinWarmupTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Tiered compilation also postpones promoting hot methods while other methods are still being compiled for the first
    /// time, so a long call path (the database's grains) can still run first-tier code after a second on a loaded machine:
    /// its first search setting measured slower than the next. Warm-up therefore goes on until the JIT compiled nothing
    /// for this long (bounded by <see cref="MaxWarmupTime"/>), for every engine alike.
    /// </summary>
    private static readonly TimeSpan JitQuietTime = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan MaxWarmupTime = TimeSpan.FromSeconds(30);

    /// <summary>Searches query <paramref name="query"/> and writes its k result ids (best first) to <paramref name="ids"/>.</summary>
    public delegate void SearchOne(int query, Span<long> ids);

    /// <summary>Runs <paramref name="repeat"/> passes and returns the pass with the median QPS and the ids of the last pass.</summary>
    public static (LatencySummary Summary, long[] Ids) Run(int queryCount, int k, int threads, int warmup, int repeat, SearchOne search)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queryCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        var ids = new long[queryCount * k];
        var started = Stopwatch.GetTimestamp();
        var jitted = JitInfo.GetCompiledMethodCount();
        var jitQuietSince = started;
        for (var i = 0; warmup > 0 && !WarmedUp(i, Math.Min(warmup, queryCount), started, jitQuietSince); i++)
        {
            var q = i % queryCount;
            search(q, ids.AsSpan(q * k, k));
            if (JitInfo.GetCompiledMethodCount() is var now && now != jitted)
            {
                (jitted, jitQuietSince) = (now, Stopwatch.GetTimestamp());
            }
        }
        var passes = new List<LatencySummary>(repeat);
        for (var r = 0; r < repeat; r++)
        {
            passes.Add(TimedPass(queryCount, k, threads, search, ids));
        }
        passes.Sort((a, b) => a.Qps.CompareTo(b.Qps));
        return (passes[passes.Count / 2], ids);
    }

    private static bool WarmedUp(int calls, int minimumCalls, long started, long jitQuietSince)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        return calls >= minimumCalls && elapsed >= MinWarmupTime && (Stopwatch.GetElapsedTime(jitQuietSince) >= JitQuietTime || elapsed >= MaxWarmupTime);
    }

    private static LatencySummary TimedPass(int queryCount, int k, int threads, SearchOne search, long[] ids)
    {
        var callTicks = new long[queryCount];
        var next = -1;
        void Worker()
        {
            int q;
            while ((q = Interlocked.Increment(ref next)) < queryCount)
            {
                var start = Stopwatch.GetTimestamp();
                search(q, ids.AsSpan(q * k, k));
                callTicks[q] = Stopwatch.GetTimestamp() - start;
            }
        }

        var wallStart = Stopwatch.GetTimestamp();
        if (threads == 1)
        {
            Worker();
        }
        else
        {
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(Worker) { IsBackground = true }).ToArray();
            foreach (var worker in workers)
            {
                worker.Start();
            }
            foreach (var worker in workers)
            {
                worker.Join();
            }
        }
        return LatencySummary.From(callTicks, Stopwatch.GetTimestamp() - wallStart);
    }
}
