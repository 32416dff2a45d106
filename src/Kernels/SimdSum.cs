using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// The float kernel behind L2 and dot product: four independent accumulators of the widest vector the CPU
/// accelerates (AVX-512, then AVX2), a masked overlapping load for the tail instead of a scalar loop.
/// The order of additions depends only on the length, so every caller gets bit-identical results.
/// </summary>
internal static class SimdSum
{
    // 16 zero lanes then 16 all-ones lanes: loading at offset t gives a mask whose last t lanes are set.
    internal static ReadOnlySpan<uint> TailMask =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue,
        uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue, uint.MaxValue,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum<TOp>(ref float a, ref float b, int length)
        where TOp : struct, IPairReduction
    {
        var n = (nuint)length;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<float>.Count)
        {
            return Sum512<TOp>(ref a, ref b, n);
        }

        if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<float>.Count)
        {
            return Sum256<TOp>(ref a, ref b, n);
        }

        return SumScalar<TOp>(ref a, ref b, n);
    }

    private static float Sum512<TOp>(ref float a, ref float b, nuint n)
        where TOp : struct, IPairReduction
    {
        const int W = 16;
        var s0 = Vector512<float>.Zero;
        var s1 = Vector512<float>.Zero;
        var s2 = Vector512<float>.Zero;
        var s3 = Vector512<float>.Zero;
        nuint i = 0;
        for (; i + (4 * W) <= n; i += 4 * W)
        {
            s0 = TOp.Accumulate(s0, Vector512.LoadUnsafe(ref a, i), Vector512.LoadUnsafe(ref b, i));
            s1 = TOp.Accumulate(s1, Vector512.LoadUnsafe(ref a, i + W), Vector512.LoadUnsafe(ref b, i + W));
            s2 = TOp.Accumulate(s2, Vector512.LoadUnsafe(ref a, i + (2 * W)), Vector512.LoadUnsafe(ref b, i + (2 * W)));
            s3 = TOp.Accumulate(s3, Vector512.LoadUnsafe(ref a, i + (3 * W)), Vector512.LoadUnsafe(ref b, i + (3 * W)));
        }

        for (; i + W <= n; i += W)
        {
            s0 = TOp.Accumulate(s0, Vector512.LoadUnsafe(ref a, i), Vector512.LoadUnsafe(ref b, i));
        }

        if (i < n)
        {
            var mask = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(TailMask), n - i).AsSingle();
            s1 = TOp.Accumulate(s1, Vector512.LoadUnsafe(ref a, n - W) & mask, Vector512.LoadUnsafe(ref b, n - W) & mask);
        }

        return Vector512.Sum((s0 + s1) + (s2 + s3));
    }

    private static float Sum256<TOp>(ref float a, ref float b, nuint n)
        where TOp : struct, IPairReduction
    {
        const int W = 8;
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        nuint i = 0;
        for (; i + (4 * W) <= n; i += 4 * W)
        {
            s0 = TOp.Accumulate(s0, Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i));
            s1 = TOp.Accumulate(s1, Vector256.LoadUnsafe(ref a, i + W), Vector256.LoadUnsafe(ref b, i + W));
            s2 = TOp.Accumulate(s2, Vector256.LoadUnsafe(ref a, i + (2 * W)), Vector256.LoadUnsafe(ref b, i + (2 * W)));
            s3 = TOp.Accumulate(s3, Vector256.LoadUnsafe(ref a, i + (3 * W)), Vector256.LoadUnsafe(ref b, i + (3 * W)));
        }

        for (; i + W <= n; i += W)
        {
            s0 = TOp.Accumulate(s0, Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i));
        }

        if (i < n)
        {
            var mask = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(TailMask), W + (n - i)).AsSingle();
            s1 = TOp.Accumulate(s1, Vector256.LoadUnsafe(ref a, n - W) & mask, Vector256.LoadUnsafe(ref b, n - W) & mask);
        }

        return Vector256.Sum((s0 + s1) + (s2 + s3));
    }

    private static float SumScalar<TOp>(ref float a, ref float b, nuint n)
        where TOp : struct, IPairReduction
    {
        var s = 0f;
        for (nuint i = 0; i < n; i++)
        {
            s = TOp.Accumulate(s, Unsafe.Add(ref a, i), Unsafe.Add(ref b, i));
        }

        return s;
    }
}
