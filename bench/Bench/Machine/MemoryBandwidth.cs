using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace OrleansVector.Bench.Machine;

/// <summary>
/// The machine's read bandwidth as a scan sees it: threads sum disjoint parts of one array far larger than the caches,
/// with wide loads and independent accumulators; best of several passes (the least disturbed by other load).
/// </summary>
internal static class MemoryBandwidth
{
    public static double MeasureGBps(int threads, int arrayMiB, int passes = 5)
    {
        var data = GC.AllocateUninitializedArray<float>(arrayMiB * (1 << 20) / sizeof(float));
        // Touch every page so the first pass does not measure page faults.
        for (var i = 0; i < data.Length; i += 1024)
        {
            data[i] = i;
        }
        var best = 0.0;
        var sink = 0f;
        for (var pass = 0; pass < passes; pass++)
        {
            var partials = new float[threads];
            var chunk = data.Length / threads;
            var start = Stopwatch.GetTimestamp();
            if (threads == 1)
            {
                partials[0] = Sum(data);
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    t => partials[t] = Sum(data.AsSpan(t * chunk, t == threads - 1 ? data.Length - (t * chunk) : chunk)));
            }
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            sink += partials.Sum();
            best = Math.Max(best, (double)data.Length * sizeof(float) / seconds / 1e9);
        }
        GC.KeepAlive(sink);
        return best;
    }

    private static float Sum(ReadOnlySpan<float> values)
    {
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        Vector<float> a = default, b = default, c = default, d = default;
        var i = 0;
        for (; i + 4 <= vectors.Length; i += 4)
        {
            a += vectors[i];
            b += vectors[i + 1];
            c += vectors[i + 2];
            d += vectors[i + 3];
        }
        for (; i < vectors.Length; i++)
        {
            a += vectors[i];
        }
        return Vector.Sum(a + b + c + d);
    }
}
