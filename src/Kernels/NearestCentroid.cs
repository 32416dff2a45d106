using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// Nearest centroid of many rows at once, the k-means and IVF assignment step. A register-blocked micro-kernel in
/// the style of a matrix multiply: 4 rows x 64 centroids of dot products live in 16 AVX-512 accumulators, each
/// dimension costs 4 broadcasts and 4 loads for 16 fused multiply-adds. The nearest centroid minimises
/// |c|^2 - 2 x.c (|x|^2 is the same for every centroid), equal to squared L2 up to float rounding; ties go to the
/// lowest centroid index.
/// </summary>
internal static class NearestCentroid
{
    private const int RowBlock = 4;

    /// <summary>Writes the nearest centroid of each row of the row-major <paramref name="data"/>.</summary>
    public static void Assign(ReadOnlySpan<float> data, CentroidPanels panels, Span<int> assignment)
    {
        var dim = panels.Dim;
        var rows = data.Length / dim;
        Span<int> block = stackalloc int[RowBlock];
        for (var r = 0; r < rows; r += RowBlock)
        {
            // A short last block repeats its final row; the repeats' results are dropped.
            var count = Math.Min(RowBlock, rows - r);
            ref var r0 = ref MemoryMarshal.GetReference(data.Slice(r * dim));
            ref var r1 = ref MemoryMarshal.GetReference(data.Slice((r + Math.Min(1, count - 1)) * dim));
            ref var r2 = ref MemoryMarshal.GetReference(data.Slice((r + Math.Min(2, count - 1)) * dim));
            ref var r3 = ref MemoryMarshal.GetReference(data.Slice((r + Math.Min(3, count - 1)) * dim));
            Block(ref r0, ref r1, ref r2, ref r3, panels, block);
            block[..count].CopyTo(assignment.Slice(r, count));
        }
    }

    private static void Block(ref float r0, ref float r1, ref float r2, ref float r3, CentroidPanels panels, Span<int> result)
    {
        const int W = CentroidPanels.Width;
        var dim = panels.Dim;
        ref var norms = ref MemoryMarshal.GetArrayDataReference(panels.Norms);
        var best0 = Vector512.Create(float.PositiveInfinity);
        var best1 = best0;
        var best2 = best0;
        var best3 = best0;
        var index0 = Vector512<int>.Zero;
        var index1 = index0;
        var index2 = index0;
        var index3 = index0;
        for (var p = 0; p < panels.Panels; p += CentroidPanels.BlockPanels)
        {
            ref var c0 = ref panels.Panel(p);
            ref var c1 = ref panels.Panel(p + 1);
            ref var c2 = ref panels.Panel(p + 2);
            ref var c3 = ref panels.Panel(p + 3);
            Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
            Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
            Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
            Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
            for (nuint d = 0, o = 0; d < (nuint)dim; d++, o += W)
            {
                var v0 = Vector512.LoadUnsafe(ref c0, o);
                var v1 = Vector512.LoadUnsafe(ref c1, o);
                var v2 = Vector512.LoadUnsafe(ref c2, o);
                var v3 = Vector512.LoadUnsafe(ref c3, o);
                var x = Vector512.Create(Unsafe.Add(ref r0, d));
                a00 = Vector512.FusedMultiplyAdd(x, v0, a00);
                a01 = Vector512.FusedMultiplyAdd(x, v1, a01);
                a02 = Vector512.FusedMultiplyAdd(x, v2, a02);
                a03 = Vector512.FusedMultiplyAdd(x, v3, a03);
                x = Vector512.Create(Unsafe.Add(ref r1, d));
                a10 = Vector512.FusedMultiplyAdd(x, v0, a10);
                a11 = Vector512.FusedMultiplyAdd(x, v1, a11);
                a12 = Vector512.FusedMultiplyAdd(x, v2, a12);
                a13 = Vector512.FusedMultiplyAdd(x, v3, a13);
                x = Vector512.Create(Unsafe.Add(ref r2, d));
                a20 = Vector512.FusedMultiplyAdd(x, v0, a20);
                a21 = Vector512.FusedMultiplyAdd(x, v1, a21);
                a22 = Vector512.FusedMultiplyAdd(x, v2, a22);
                a23 = Vector512.FusedMultiplyAdd(x, v3, a23);
                x = Vector512.Create(Unsafe.Add(ref r3, d));
                a30 = Vector512.FusedMultiplyAdd(x, v0, a30);
                a31 = Vector512.FusedMultiplyAdd(x, v1, a31);
                a32 = Vector512.FusedMultiplyAdd(x, v2, a32);
                a33 = Vector512.FusedMultiplyAdd(x, v3, a33);
            }

            for (var i = 0; i < CentroidPanels.BlockPanels; i++)
            {
                var panel = p + i;
                var norm = Vector512.LoadUnsafe(ref norms, (nuint)(panel * W));
                var ids = Vector512<int>.Indices + Vector512.Create(panel * W);
                var (d0, d1, d2, d3) = i switch
                {
                    0 => (a00, a10, a20, a30),
                    1 => (a01, a11, a21, a31),
                    2 => (a02, a12, a22, a32),
                    _ => (a03, a13, a23, a33),
                };
                Keep(Vector512.FusedMultiplyAdd(d0, Vector512.Create(-2f), norm), ids, ref best0, ref index0);
                Keep(Vector512.FusedMultiplyAdd(d1, Vector512.Create(-2f), norm), ids, ref best1, ref index1);
                Keep(Vector512.FusedMultiplyAdd(d2, Vector512.Create(-2f), norm), ids, ref best2, ref index2);
                Keep(Vector512.FusedMultiplyAdd(d3, Vector512.Create(-2f), norm), ids, ref best3, ref index3);
            }
        }

        result[0] = Lowest(best0, index0);
        result[1] = Lowest(best1, index1);
        result[2] = Lowest(best2, index2);
        result[3] = Lowest(best3, index3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(Vector512<float> distance, Vector512<int> ids, ref Vector512<float> best, ref Vector512<int> index)
    {
        var closer = Vector512.LessThan(distance, best);
        best = Vector512.ConditionalSelect(closer, distance, best);
        index = Vector512.ConditionalSelect(closer.AsInt32(), ids, index);
    }

    // The smallest lane, the lowest centroid index among equal ones.
    private static int Lowest(Vector512<float> best, Vector512<int> index)
    {
        var min = best.ToScalar();
        var result = index.ToScalar();
        for (var lane = 1; lane < CentroidPanels.Width; lane++)
        {
            var value = best[lane];
            if (value < min || (value == min && index[lane] < result))
            {
                min = value;
                result = index[lane];
            }
        }

        return result;
    }
}
