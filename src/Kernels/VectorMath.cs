using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace OrleansVector.Kernels;

/// <summary>Distances and norms of single vectors, SIMD at the widest width the CPU accelerates.</summary>
public static class VectorMath
{
    /// <summary>Squared Euclidean distance, as Milvus returns for L2.</summary>
    public static float L2Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Guard.SameLength(a.Length, b.Length, nameof(b));
        return SimdSum.Sum<SquaredDifference>(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Guard.SameLength(a.Length, b.Length, nameof(b));
        return SimdSum.Sum<Product>(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>Cosine similarity; 0 when either vector is zero.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var dot = Dot(a, b);
        var norms = Norm(a) * Norm(b);
        return norms > 0 ? dot / norms : 0f;
    }

    public static float Norm(ReadOnlySpan<float> v) =>
        MathF.Sqrt(SimdSum.Sum<Product>(ref MemoryMarshal.GetReference(v), ref MemoryMarshal.GetReference(v), v.Length));

    /// <summary>Scales <paramref name="v"/> to unit length; leaves the zero vector unchanged.</summary>
    public static void Normalize(Span<float> v)
    {
        var norm = Norm(v);
        if (norm > 0)
        {
            TensorPrimitives.Divide(v, norm, v);
        }
    }

    /// <summary>Number of differing bits.</summary>
    public static int Hamming(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Guard.SameLength(a.Length, b.Length, nameof(b));
        return BitCount<Xor>(a, b);
    }

    /// <summary>1 - |a AND b| / |a OR b| over the bits; 0 when both are empty.</summary>
    public static float Jaccard(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Guard.SameLength(a.Length, b.Length, nameof(b));
        var union = BitCount<Or>(a, b);
        return union == 0 ? 0f : 1f - ((float)BitCount<And>(a, b) / union);
    }

    private static int BitCount<TOp>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        where TOp : struct, IBitOperation
    {
        var wa = MemoryMarshal.Cast<byte, ulong>(a);
        var wb = MemoryMarshal.Cast<byte, ulong>(b);
        int c0 = 0, c1 = 0;
        var i = 0;
        for (; i + 1 < wa.Length; i += 2)
        {
            c0 += BitOperations.PopCount(TOp.Apply(wa[i], wb[i]));
            c1 += BitOperations.PopCount(TOp.Apply(wa[i + 1], wb[i + 1]));
        }

        if (i < wa.Length)
        {
            c0 += BitOperations.PopCount(TOp.Apply(wa[i], wb[i]));
        }

        for (var j = wa.Length * sizeof(ulong); j < a.Length; j++)
        {
            c1 += BitOperations.PopCount(TOp.Apply(a[j], b[j]));
        }

        return c0 + c1;
    }

    private interface IBitOperation
    {
        static abstract ulong Apply(ulong a, ulong b);
    }

    private readonly struct Xor : IBitOperation
    {
        public static ulong Apply(ulong a, ulong b) => a ^ b;
    }

    private readonly struct Or : IBitOperation
    {
        public static ulong Apply(ulong a, ulong b) => a | b;
    }

    private readonly struct And : IBitOperation
    {
        public static ulong Apply(ulong a, ulong b) => a & b;
    }
}
