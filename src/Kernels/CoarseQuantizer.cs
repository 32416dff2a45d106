using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// The coarse quantizer of an IVF index: ranks every centroid for one query by |c|^2 - 2 q.c, which is squared L2
/// minus |q|^2 (the same for every centroid), up to float rounding. With AVX-512 the centroids are read as
/// <see cref="CentroidPanels"/> (16 centroids per register, dimension-major): each query element is broadcast once
/// per panel and feeds one fused multiply-add per 16 centroids, with no horizontal sums; elsewhere one dot product
/// per centroid.
/// </summary>
public sealed class CoarseQuantizer
{
    private readonly float[] _centroids;
    private readonly float[] _norms;
    private readonly CentroidPanels? _panels;

    /// <summary>Copies nothing: <paramref name="centroids"/> (count x dim, row-major) is kept and must not change.</summary>
    public CoarseQuantizer(float[] centroids, int dim)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        Count = Guard.Rows(centroids.Length, dim, nameof(centroids));
        Guard.Positive(Count, nameof(centroids));
        Dim = dim;
        _centroids = centroids;
        if (CentroidPanels.IsSupported)
        {
            _panels = new CentroidPanels(centroids, dim);
            _norms = _panels.Norms;
        }
        else
        {
            _norms = new float[Count];
            for (var c = 0; c < Count; c++)
            {
                var centroid = centroids.AsSpan(c * dim, dim);
                _norms[c] = VectorMath.Dot(centroid, centroid);
            }
        }
    }

    public int Count { get; }

    public int Dim { get; }

    /// <summary>Bytes held besides the centroids themselves (the panel copy and the norms).</summary>
    public long ExtraBytes => ((long)(_panels?.Data.Length ?? 0) + _norms.Length) * sizeof(float);

    /// <summary>Writes |c|^2 - 2 q.c for every centroid c into the first <see cref="Count"/> elements of <paramref name="distances"/>.</summary>
    public void RankingDistances(ReadOnlySpan<float> query, Span<float> distances)
    {
        Guard.SameLength(Dim, query.Length, nameof(query));
        Guard.AtLeast(Count, distances.Length, nameof(distances));
        if (_panels is not null)
        {
            PanelDistances(query, _panels, distances);
            return;
        }

        for (var c = 0; c < Count; c++)
        {
            distances[c] = MathF.FusedMultiplyAdd(-2f, VectorMath.Dot(query, _centroids.AsSpan(c * Dim, Dim)), _norms[c]);
        }
    }

    // Four panels (64 centroids) at a time; even and odd dimensions go to separate accumulators so that eight
    // independent FMA chains keep both FMA pipes busy.
    [SkipLocalsInit]
    private static void PanelDistances(ReadOnlySpan<float> query, CentroidPanels panels, Span<float> distances)
    {
        const int W = CentroidPanels.Width;
        var dim = (nuint)panels.Dim;
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var norms = ref MemoryMarshal.GetArrayDataReference(panels.Norms);
        Span<float> block = stackalloc float[W * CentroidPanels.BlockPanels];
        ref var result = ref MemoryMarshal.GetReference(block);
        var minusTwo = Vector512.Create(-2f);
        for (var p = 0; p < panels.Panels; p += CentroidPanels.BlockPanels)
        {
            var even = new FourPanels(ref panels.Panel(p), dim);
            var odd = even;
            nuint d = 0;
            for (; d + 2 <= dim; d += 2)
            {
                even.Accumulate(Unsafe.Add(ref q, d), d * W);
                odd.Accumulate(Unsafe.Add(ref q, d + 1), (d + 1) * W);
            }

            if (d < dim)
            {
                even.Accumulate(Unsafe.Add(ref q, d), d * W);
            }

            var first = (nuint)p * W;
            Vector512.FusedMultiplyAdd(even.A0 + odd.A0, minusTwo, Vector512.LoadUnsafe(ref norms, first)).StoreUnsafe(ref result);
            Vector512.FusedMultiplyAdd(even.A1 + odd.A1, minusTwo, Vector512.LoadUnsafe(ref norms, first + W)).StoreUnsafe(ref result, W);
            Vector512.FusedMultiplyAdd(even.A2 + odd.A2, minusTwo, Vector512.LoadUnsafe(ref norms, first + (2 * W))).StoreUnsafe(ref result, 2 * W);
            Vector512.FusedMultiplyAdd(even.A3 + odd.A3, minusTwo, Vector512.LoadUnsafe(ref norms, first + (3 * W))).StoreUnsafe(ref result, 3 * W);
            // The last block may hold padding centroids past Count.
            var valid = Math.Min(block.Length, panels.Count - (int)first);
            block[..valid].CopyTo(distances.Slice((int)first, valid));
        }
    }

    /// <summary>Dot products of one query with the 64 centroids of four consecutive panels (the JIT keeps the fields in registers).</summary>
    private ref struct FourPanels
    {
        public Vector512<float> A0, A1, A2, A3;
        private readonly ref float c0;
        private readonly nuint panelStride;

        public FourPanels(ref float firstPanel, nuint dim)
        {
            c0 = ref firstPanel;
            panelStride = dim * CentroidPanels.Width;
        }

        /// <summary>Adds x times the 16 lanes at <paramref name="offset"/> of each panel.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Accumulate(float x, nuint offset)
        {
            var broadcast = Vector512.Create(x);
            A0 = Vector512.FusedMultiplyAdd(broadcast, Vector512.LoadUnsafe(ref c0, offset), A0);
            A1 = Vector512.FusedMultiplyAdd(broadcast, Vector512.LoadUnsafe(ref c0, offset + panelStride), A1);
            A2 = Vector512.FusedMultiplyAdd(broadcast, Vector512.LoadUnsafe(ref c0, offset + (2 * panelStride)), A2);
            A3 = Vector512.FusedMultiplyAdd(broadcast, Vector512.LoadUnsafe(ref c0, offset + (3 * panelStride)), A3);
        }
    }
}
