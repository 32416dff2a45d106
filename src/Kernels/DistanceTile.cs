using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>How many queries a <see cref="DistanceTile"/> serves at once (a JIT-time constant).</summary>
internal interface ITileQueries
{
    static abstract int Count { get; }
}

internal readonly struct OneQuery : ITileQueries
{
    public static int Count => 1;
}

internal readonly struct TwoQueries : ITileQueries
{
    public static int Count => 2;
}

internal readonly struct FourQueries : ITileQueries
{
    public static int Count => 4;
}

/// <summary>
/// Register-blocked AVX-512 distances of 1, 2 or 4 queries to 4 rows at a time: each 64-byte chunk loaded from a row
/// serves every query of the tile and each query chunk every row, so a tile of 4 x 4 does 16 FMAs per 8 loads where
/// pair by pair needs 32 loads (the block-of-queries x block-of-vectors hot path of FLAT and IVF).
/// The additions of each pair are exactly <see cref="SimdSum"/>'s (four interleaved accumulators, remainder into the
/// first, masked tail into the second), done one accumulator at a time over the tile (four passes whose data stays in
/// L1), so every distance is bit-identical to the pairwise kernel.
/// </summary>
internal static class DistanceTile
{
    public const int RowsPerTile = 4;
    private const int W = 16;

    /// <summary>Whether tiles give the pairwise kernel's results here (it takes the 512-bit path at this length).</summary>
    public static bool Applies(int dim) => Vector512.IsHardwareAccelerated && dim >= W;

    /// <summary>
    /// Distances of queries q .. q + TQ.Count - 1 (rows of <paramref name="queries"/>) to rows r .. r + 3 of
    /// <paramref name="block"/>, written to <c>distances[(query - q) * distanceStride + row - r]</c>.
    /// </summary>
    [SkipLocalsInit]
    public static void Compute<TDistance, TQ>(ref float queries, ref float block, nuint dim, ref float distances, nuint distanceStride)
        where TDistance : struct, IFloatDistance
        where TQ : struct, ITileQueries
    {
        // s[query * 16 + row * 4 + accumulator]
        Span<Vector512<float>> s = stackalloc Vector512<float>[4 * RowsPerTile * 4];
        for (var accumulator = 0; accumulator < 4; accumulator++)
        {
            if (TDistance.Metric == MetricType.L2)
            {
                Pass<SquaredDifference, TQ>(ref queries, ref block, dim, accumulator, s);
            }
            else
            {
                Pass<Product, TQ>(ref queries, ref block, dim, accumulator, s);
            }
        }

        for (var q = 0; q < TQ.Count; q++)
        {
            for (var r = 0; r < RowsPerTile; r++)
            {
                var at = (q * 16) + (r * 4);
                var sum = Vector512.Sum((s[at] + s[at + 1]) + (s[at + 2] + s[at + 3]));
                Unsafe.Add(ref distances, ((nuint)q * distanceStride) + (nuint)r) = TDistance.Metric == MetricType.L2 ? sum : -sum;
            }
        }
    }

    private static void Pass<TOp, TQ>(ref float queries, ref float block, nuint n, int accumulator, Span<Vector512<float>> s)
        where TOp : struct, IPairReduction
        where TQ : struct, ITileQueries
    {
        var acc = new Accumulators();
        nuint i = (nuint)(accumulator * W);
        for (; i + ((nuint)(4 - accumulator) * W) <= n; i += 4 * W)
        {
            Step<TOp, TQ>(ref acc, ref queries, ref block, n, i, Vector512<float>.AllBitsSet);
        }

        // Main-loop chunks end at the last multiple of 4W; what follows goes to accumulator 0 (whole chunks)
        // and accumulator 1 (the masked tail), as in SimdSum.
        var mainEnd = n / (4 * W) * (4 * W);
        if (accumulator == 0)
        {
            for (i = mainEnd; i + W <= n; i += W)
            {
                Step<TOp, TQ>(ref acc, ref queries, ref block, n, i, Vector512<float>.AllBitsSet);
            }
        }
        else if (accumulator == 1 && n % W != 0)
        {
            var mask = Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(SimdSum.TailMask), n % W).AsSingle();
            Step<TOp, TQ>(ref acc, ref queries, ref block, n, n - W, mask);
        }

        acc.Store(s, accumulator, TQ.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TOp, TQ>(ref Accumulators acc, ref float queries, ref float block, nuint n, nuint i, Vector512<float> mask)
        where TOp : struct, IPairReduction
        where TQ : struct, ITileQueries
    {
        var r0 = Vector512.LoadUnsafe(ref block, i) & mask;
        var r1 = Vector512.LoadUnsafe(ref block, n + i) & mask;
        var r2 = Vector512.LoadUnsafe(ref block, (2 * n) + i) & mask;
        var r3 = Vector512.LoadUnsafe(ref block, (3 * n) + i) & mask;
        var q = Vector512.LoadUnsafe(ref queries, i) & mask;
        acc.A00 = TOp.Accumulate(acc.A00, q, r0);
        acc.A01 = TOp.Accumulate(acc.A01, q, r1);
        acc.A02 = TOp.Accumulate(acc.A02, q, r2);
        acc.A03 = TOp.Accumulate(acc.A03, q, r3);
        if (TQ.Count > 1)
        {
            q = Vector512.LoadUnsafe(ref queries, n + i) & mask;
            acc.A10 = TOp.Accumulate(acc.A10, q, r0);
            acc.A11 = TOp.Accumulate(acc.A11, q, r1);
            acc.A12 = TOp.Accumulate(acc.A12, q, r2);
            acc.A13 = TOp.Accumulate(acc.A13, q, r3);
        }

        if (TQ.Count > 2)
        {
            q = Vector512.LoadUnsafe(ref queries, (2 * n) + i) & mask;
            acc.A20 = TOp.Accumulate(acc.A20, q, r0);
            acc.A21 = TOp.Accumulate(acc.A21, q, r1);
            acc.A22 = TOp.Accumulate(acc.A22, q, r2);
            acc.A23 = TOp.Accumulate(acc.A23, q, r3);
            q = Vector512.LoadUnsafe(ref queries, (3 * n) + i) & mask;
            acc.A30 = TOp.Accumulate(acc.A30, q, r0);
            acc.A31 = TOp.Accumulate(acc.A31, q, r1);
            acc.A32 = TOp.Accumulate(acc.A32, q, r2);
            acc.A33 = TOp.Accumulate(acc.A33, q, r3);
        }
    }

    /// <summary>One accumulator of each query-row pair of the tile (the JIT keeps the fields in registers).</summary>
    private struct Accumulators
    {
        public Vector512<float> A00, A01, A02, A03, A10, A11, A12, A13, A20, A21, A22, A23, A30, A31, A32, A33;

        public readonly void Store(Span<Vector512<float>> s, int accumulator, int queries)
        {
            s[accumulator] = A00;
            s[4 + accumulator] = A01;
            s[8 + accumulator] = A02;
            s[12 + accumulator] = A03;
            if (queries > 1)
            {
                s[16 + accumulator] = A10;
                s[20 + accumulator] = A11;
                s[24 + accumulator] = A12;
                s[28 + accumulator] = A13;
            }

            if (queries > 2)
            {
                s[32 + accumulator] = A20;
                s[36 + accumulator] = A21;
                s[40 + accumulator] = A22;
                s[44 + accumulator] = A23;
                s[48 + accumulator] = A30;
                s[52 + accumulator] = A31;
                s[56 + accumulator] = A32;
                s[60 + accumulator] = A33;
            }
        }
    }
}
