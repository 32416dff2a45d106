using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// Centroids repacked for <see cref="NearestCentroid"/>: groups of 16 (one AVX-512 register) stored dimension-major,
/// so that one load gives the same dimension of 16 centroids, plus their squared norms. The count is padded to whole
/// blocks of <see cref="BlockPanels"/> panels with centroids of infinite norm, which never win.
/// </summary>
internal sealed class CentroidPanels
{
    public const int Width = 16;
    public const int BlockPanels = 4;

    public CentroidPanels(ReadOnlySpan<float> centroids, int dim)
    {
        Count = centroids.Length / dim;
        Dim = dim;
        Panels = (Count + (Width * BlockPanels) - 1) / (Width * BlockPanels) * BlockPanels;
        Data = new float[Panels * dim * Width];
        Norms = new float[Panels * Width];
        Norms.AsSpan(Count).Fill(float.PositiveInfinity);
        for (var c = 0; c < Count; c++)
        {
            var centroid = centroids.Slice(c * dim, dim);
            var panelStart = c / Width * dim * Width;
            var lane = c % Width;
            for (var d = 0; d < dim; d++)
            {
                Data[panelStart + (d * Width) + lane] = centroid[d];
            }

            Norms[c] = VectorMath.Dot(centroid, centroid);
        }
    }

    public int Count { get; }

    public int Dim { get; }

    public int Panels { get; }

    /// <summary>[panel][dimension][lane].</summary>
    public float[] Data { get; }

    public float[] Norms { get; }

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>The first element of panel <paramref name="panel"/> (dim x 16 floats).</summary>
    public ref float Panel(int panel) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Data), (nuint)panel * (nuint)Dim * Width);
}
