using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// One query against four rows per pass, the IVF list and FLAT scan kernel: each 64-byte chunk of the query is loaded
/// once for four rows, sixteen independent accumulator chains are in flight, and there is no call or bounds check per
/// row. Each row keeps exactly <see cref="SimdSum"/>'s four accumulators and order of additions (chunks of four, the
/// remaining whole chunks into the first, the masked tail into the second), so every distance is bit-identical to the
/// pairwise kernel.
/// </summary>
internal static class RowBlockKernel
{
    public const int Rows = 4;
    private const int W = 16;

    /// <summary>Whether this kernel gives the pairwise kernel's results (which takes its 512-bit path at this length).</summary>
    public static bool Applies(int dim) => Vector512.IsHardwareAccelerated && dim >= W;

    /// <summary>Sums of TOp over the query and rows 0..3 of <paramref name="rows"/> (n elements each), written to sums[0..3].</summary>
    public static void Sums<TOp>(ref float query, ref float rows, nuint n, ref float sums)
        where TOp : struct, IPairReduction
    {
        ref var r0 = ref rows;
        ref var r1 = ref Unsafe.Add(ref rows, n);
        ref var r2 = ref Unsafe.Add(ref rows, 2 * n);
        ref var r3 = ref Unsafe.Add(ref rows, 3 * n);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> d0 = default, d1 = default, d2 = default, d3 = default;
        nuint i = 0;
        for (; i + (4 * W) <= n; i += 4 * W)
        {
            var x = Vector512.LoadUnsafe(ref query, i);
            a0 = TOp.Accumulate(a0, x, Vector512.LoadUnsafe(ref r0, i));
            b0 = TOp.Accumulate(b0, x, Vector512.LoadUnsafe(ref r1, i));
            c0 = TOp.Accumulate(c0, x, Vector512.LoadUnsafe(ref r2, i));
            d0 = TOp.Accumulate(d0, x, Vector512.LoadUnsafe(ref r3, i));
            x = Vector512.LoadUnsafe(ref query, i + W);
            a1 = TOp.Accumulate(a1, x, Vector512.LoadUnsafe(ref r0, i + W));
            b1 = TOp.Accumulate(b1, x, Vector512.LoadUnsafe(ref r1, i + W));
            c1 = TOp.Accumulate(c1, x, Vector512.LoadUnsafe(ref r2, i + W));
            d1 = TOp.Accumulate(d1, x, Vector512.LoadUnsafe(ref r3, i + W));
            x = Vector512.LoadUnsafe(ref query, i + (2 * W));
            a2 = TOp.Accumulate(a2, x, Vector512.LoadUnsafe(ref r0, i + (2 * W)));
            b2 = TOp.Accumulate(b2, x, Vector512.LoadUnsafe(ref r1, i + (2 * W)));
            c2 = TOp.Accumulate(c2, x, Vector512.LoadUnsafe(ref r2, i + (2 * W)));
            d2 = TOp.Accumulate(d2, x, Vector512.LoadUnsafe(ref r3, i + (2 * W)));
            x = Vector512.LoadUnsafe(ref query, i + (3 * W));
            a3 = TOp.Accumulate(a3, x, Vector512.LoadUnsafe(ref r0, i + (3 * W)));
            b3 = TOp.Accumulate(b3, x, Vector512.LoadUnsafe(ref r1, i + (3 * W)));
            c3 = TOp.Accumulate(c3, x, Vector512.LoadUnsafe(ref r2, i + (3 * W)));
            d3 = TOp.Accumulate(d3, x, Vector512.LoadUnsafe(ref r3, i + (3 * W)));
        }

        for (; i + W <= n; i += W)
        {
            var x = Vector512.LoadUnsafe(ref query, i);
            a0 = TOp.Accumulate(a0, x, Vector512.LoadUnsafe(ref r0, i));
            b0 = TOp.Accumulate(b0, x, Vector512.LoadUnsafe(ref r1, i));
            c0 = TOp.Accumulate(c0, x, Vector512.LoadUnsafe(ref r2, i));
            d0 = TOp.Accumulate(d0, x, Vector512.LoadUnsafe(ref r3, i));
        }

        if (i < n)
        {
            var mask = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(SimdSum.TailMask), n - i).AsSingle();
            var tail = n - W;
            var x = Vector512.LoadUnsafe(ref query, tail) & mask;
            a1 = TOp.Accumulate(a1, x, Vector512.LoadUnsafe(ref r0, tail) & mask);
            b1 = TOp.Accumulate(b1, x, Vector512.LoadUnsafe(ref r1, tail) & mask);
            c1 = TOp.Accumulate(c1, x, Vector512.LoadUnsafe(ref r2, tail) & mask);
            d1 = TOp.Accumulate(d1, x, Vector512.LoadUnsafe(ref r3, tail) & mask);
        }

        sums = Vector512.Sum((a0 + a1) + (a2 + a3));
        Unsafe.Add(ref sums, 1) = Vector512.Sum((b0 + b1) + (b2 + b3));
        Unsafe.Add(ref sums, 2) = Vector512.Sum((c0 + c1) + (c2 + c3));
        Unsafe.Add(ref sums, 3) = Vector512.Sum((d0 + d1) + (d2 + d3));
    }
}
