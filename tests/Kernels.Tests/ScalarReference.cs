namespace OrleansVector.Kernels.Tests;

/// <summary>Plain loops in double precision: the reference the SIMD kernels are checked against.</summary>
internal static class ScalarReference
{
    public static double L2Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0d;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0d;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Sum of |a_i * b_i|: the magnitude float rounding of a dot product acts on.</summary>
    public static double AbsoluteDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0d;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs((double)a[i] * b[i]);
        }

        return sum;
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var norms = Math.Sqrt(Dot(a, a)) * Math.Sqrt(Dot(b, b));
        return norms > 0 ? Dot(a, b) / norms : 0;
    }

    public static int Hamming(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                count += ((a[i] ^ b[i]) >> bit) & 1;
            }
        }

        return count;
    }

    public static double Jaccard(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int both = 0, either = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var x = (a[i] >> bit) & 1;
                var y = (b[i] >> bit) & 1;
                both += x & y;
                either += x | y;
            }
        }

        return either == 0 ? 0 : 1 - ((double)both / either);
    }
}
