using OrleansVector.Index.Datasets;

namespace OrleansVector.Index.Tests.Datasets;

/// <summary>Plain double-precision L2, independent of the library under test, to cross-check files against their ground truth.</summary>
internal static class BruteForce
{
    public static double L2Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>The k smallest distances from the query to the base vectors, ascending.</summary>
    public static double[] NearestDistances(VectorArray<float> data, ReadOnlySpan<float> query, int k)
    {
        var all = new double[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            all[i] = L2Squared(data.Row(i), query);
        }
        Array.Sort(all);
        return all[..k];
    }
}
