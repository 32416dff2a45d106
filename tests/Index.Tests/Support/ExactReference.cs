using System.Numerics;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Tests.Support;

/// <summary>
/// Brute force in double precision, written independently of the library: the ground truth every index is measured
/// against. Distances are in Milvus's convention (L2 squared, IP / COSINE similarity, HAMMING bits, JACCARD distance).
/// </summary>
internal static class ExactReference
{
    public static double Distance(MetricType metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0, l2 = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
            var d = (double)a[i] - b[i];
            l2 += d * d;
        }

        return metric switch
        {
            MetricType.L2 => l2,
            MetricType.IP => dot,
            MetricType.Cosine => na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb),
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
    }

    public static double Distance(MetricType metric, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int xor = 0, and = 0, or = 0;
        for (var i = 0; i < a.Length; i++)
        {
            xor += BitOperations.PopCount((uint)(a[i] ^ b[i]));
            and += BitOperations.PopCount((uint)(a[i] & b[i]));
            or += BitOperations.PopCount((uint)(a[i] | b[i]));
        }

        return metric switch
        {
            MetricType.Hamming => xor,
            MetricType.Jaccard => or == 0 ? 0 : 1 - ((double)and / or),
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };
    }

    /// <summary>Every (id, distance) for one query, best first (ties by id), skipping excluded ids.</summary>
    public static (long Id, double Distance)[] Ranked<T>(MetricType metric, T[] data, int stride, ReadOnlySpan<T> query, Bitset? excluded = null)
        where T : unmanaged
    {
        var n = data.Length / stride;
        var all = new List<(long, double)>(n);
        for (var i = 0; i < n; i++)
        {
            if (excluded is not null && excluded[i])
            {
                continue;
            }

            var row = data.AsSpan(i * stride, stride);
            var distance = typeof(T) == typeof(float)
                ? Distance(metric, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(row), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(query))
                : Distance(metric, System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(row), System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(query));
            all.Add((i, distance));
        }

        var larger = Metrics.LargerIsCloser(metric);
        all.Sort((x, y) =>
        {
            var byDistance = larger ? y.Item2.CompareTo(x.Item2) : x.Item2.CompareTo(y.Item2);
            return byDistance != 0 ? byDistance : x.Item1.CompareTo(y.Item1);
        });
        return [.. all];
    }

    /// <summary>The top-k ids of every query (row-major, queries.Length / stride rows).</summary>
    public static long[][] TopK<T>(MetricType metric, T[] data, T[] queries, int stride, int k, Bitset? excluded = null)
        where T : unmanaged
    {
        var nq = queries.Length / stride;
        var result = new long[nq][];
        Parallel.For(0, nq, q => result[q] = [.. Ranked(metric, data, stride, queries.AsSpan(q * stride, stride), excluded).Take(k).Select(r => r.Id)]);
        return result;
    }

    /// <summary>Mean fraction of each query's true top-k found among the index's top-k.</summary>
    public static double Recall(SearchResult found, long[][] truth)
    {
        double sum = 0;
        for (var q = 0; q < truth.Length; q++)
        {
            var expected = truth[q].ToHashSet();
            var hits = 0;
            foreach (var id in found.IdsOf(q))
            {
                if (expected.Contains(id))
                {
                    hits++;
                }
            }

            sum += (double)hits / Math.Max(1, expected.Count);
        }

        return sum / truth.Length;
    }
}
