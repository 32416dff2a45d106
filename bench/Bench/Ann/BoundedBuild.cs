using System.Diagnostics;

namespace OrleansVector.Bench.Ann;

/// <summary>
/// Runs an index build on at most N threads, so `--threads 1` compares with a single-threaded reference build.
/// Index builds parallelise with Parallel.For without naming a scheduler, which then schedules on the current one:
/// running the build as a task of a scheduler with concurrency N bounds every nested parallel loop to N.
/// The CPU time over wall time of the build is logged, to show the bound held.
/// </summary>
internal static class BoundedBuild
{
    /// <summary>Wall-clock seconds of <paramref name="build"/>.</summary>
    public static double Run(Action build, int threads, TextWriter log)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, threads).ConcurrentScheduler;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        Task.Factory.StartNew(build, CancellationToken.None, TaskCreationOptions.None, scheduler).GetAwaiter().GetResult();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        log.WriteLine($"build: {seconds:F2} s wall, {cpuSeconds:F2} s CPU ({cpuSeconds / seconds:F2} cores busy on average, limit {threads} thread(s))");
        return seconds;
    }
}
