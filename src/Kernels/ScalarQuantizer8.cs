using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OrleansVector.Kernels;

/// <summary>
/// 8-bit scalar quantizer with a per-dimension range: value = min + code * step, step = (max - min) / 255.
/// Reconstruction error per dimension is at most step / 2 for values inside the trained range. Distances are
/// asymmetric: the float query is compared with the decoded code inside the SIMD loop, never decoding to memory.
/// </summary>
public sealed class ScalarQuantizer8
{
    private const int FormatVersion = 1;
    private const uint Magic = 0x38515356; // "VSQ8"

    private readonly float[] _min;
    private readonly float[] _step;

    private ScalarQuantizer8(float[] min, float[] step)
    {
        _min = min;
        _step = step;
    }

    public int Dim => _min.Length;

    /// <summary>Learns the range of every dimension from the n x dim row-major <paramref name="data"/> (n >= 1).</summary>
    public static ScalarQuantizer8 Train(ReadOnlySpan<float> data, int dim)
    {
        var rows = Guard.Rows(data.Length, dim, nameof(data));
        Guard.Positive(rows, nameof(data));
        var min = data[..dim].ToArray();
        var max = data[..dim].ToArray();
        for (var r = 1; r < rows; r++)
        {
            var row = data.Slice(r * dim, dim);
            TensorPrimitives.Min(min, row, min);
            TensorPrimitives.Max(max, row, max);
        }

        var step = new float[dim];
        TensorPrimitives.Subtract(max, min, step);
        TensorPrimitives.Divide(step, 255f, step);
        return new ScalarQuantizer8(min, step);
    }

    public void Encode(ReadOnlySpan<float> vector, Span<byte> code)
    {
        Guard.SameLength(Dim, vector.Length, nameof(vector));
        Guard.AtLeast(Dim, code.Length, nameof(code));
        for (var j = 0; j < vector.Length; j++)
        {
            var scaled = _step[j] > 0 ? (vector[j] - _min[j]) / _step[j] : 0f;
            code[j] = (byte)Math.Clamp(MathF.Round(scaled), 0f, 255f);
        }
    }

    public void Decode(ReadOnlySpan<byte> code, Span<float> vector)
    {
        Guard.SameLength(Dim, code.Length, nameof(code));
        Guard.AtLeast(Dim, vector.Length, nameof(vector));
        for (var j = 0; j < code.Length; j++)
        {
            vector[j] = MathF.FusedMultiplyAdd(code[j], _step[j], _min[j]);
        }
    }

    /// <summary>Squared L2 between a float query and a code, without decoding the code.</summary>
    public float L2Squared(ReadOnlySpan<float> query, ReadOnlySpan<byte> code)
    {
        Check(query, code);
        return Sum<SquaredDifference>(query, code);
    }

    /// <summary>Dot product of a float query and a code, without decoding the code.</summary>
    public float Dot(ReadOnlySpan<float> query, ReadOnlySpan<byte> code)
    {
        Check(query, code);
        return Sum<Product>(query, code);
    }

    /// <summary>
    /// Squared L2 from a float query to each code of a row-major block (rows = codes.Length / Dim); prefetches
    /// <paramref name="next"/> (the block scanned after this one) row by row along the way.
    /// </summary>
    public void L2Squared(ReadOnlySpan<float> query, ReadOnlySpan<byte> codes, Span<float> distances, ReadOnlySpan<byte> next) =>
        Block<SquaredDifference>(query, codes, distances, next);

    /// <summary>Dot products of a float query with each code of a block, prefetching <paramref name="next"/> like <see cref="L2Squared(ReadOnlySpan{float}, ReadOnlySpan{byte}, Span{float}, ReadOnlySpan{byte})"/>.</summary>
    public void Dot(ReadOnlySpan<float> query, ReadOnlySpan<byte> codes, Span<float> distances, ReadOnlySpan<byte> next) =>
        Block<Product>(query, codes, distances, next);

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Dim);
        writer.Write(MemoryMarshal.AsBytes(_min.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(_step.AsSpan()));
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static ScalarQuantizer8 ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        QuantizerFormat.ReadHeader(reader, Magic, FormatVersion, "SQ8");
        var dim = QuantizerFormat.ReadPositive(reader, "SQ8 dimension");
        var min = QuantizerFormat.ReadFloats(reader, dim, "SQ8 minimums");
        var step = QuantizerFormat.ReadFloats(reader, dim, "SQ8 steps");
        if (step.Any(s => s < 0))
        {
            throw new InvalidDataException("SQ8 quantizer data is corrupt: a negative step.");
        }

        return new ScalarQuantizer8(min, step);
    }

    private void Check(ReadOnlySpan<float> query, ReadOnlySpan<byte> code)
    {
        Guard.SameLength(Dim, query.Length, nameof(query));
        Guard.SameLength(Dim, code.Length, nameof(code));
    }

    private void Block<TOp>(ReadOnlySpan<float> query, ReadOnlySpan<byte> codes, Span<float> distances, ReadOnlySpan<byte> next)
        where TOp : struct, IPairReduction
    {
        Guard.SameLength(Dim, query.Length, nameof(query));
        var rows = Guard.Rows(codes.Length, Dim, nameof(codes));
        Guard.AtLeast(rows, distances.Length, nameof(distances));
        for (var r = 0; r < rows; r++)
        {
            CachePrefetch.Line(next, r * Dim);
            distances[r] = Sum<TOp>(query, codes.Slice(r * Dim, Dim));
        }
    }

    private float Sum<TOp>(ReadOnlySpan<float> query, ReadOnlySpan<byte> code)
        where TOp : struct, IPairReduction
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var c = ref MemoryMarshal.GetReference(code);
        ref var min = ref MemoryMarshal.GetArrayDataReference(_min);
        ref var step = ref MemoryMarshal.GetArrayDataReference(_step);
        var n = (nuint)query.Length;
        nuint i = 0;
        var total = 0f;
        if (Avx512F.IsSupported && n >= 16)
        {
            var s0 = Vector512<float>.Zero;
            var s1 = Vector512<float>.Zero;
            for (; i + 32 <= n; i += 32)
            {
                s0 = TOp.Accumulate(s0, Vector512.LoadUnsafe(ref q, i), Decode16(ref c, ref min, ref step, i));
                s1 = TOp.Accumulate(s1, Vector512.LoadUnsafe(ref q, i + 16), Decode16(ref c, ref min, ref step, i + 16));
            }

            for (; i + 16 <= n; i += 16)
            {
                s0 = TOp.Accumulate(s0, Vector512.LoadUnsafe(ref q, i), Decode16(ref c, ref min, ref step, i));
            }

            total = Vector512.Sum(s0 + s1);
        }
        else if (Avx2.IsSupported && n >= 8)
        {
            var s0 = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                var codes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref c, i))).AsByte());
                var decoded = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(codes), Vector256.LoadUnsafe(ref step, i), Vector256.LoadUnsafe(ref min, i));
                s0 = TOp.Accumulate(s0, Vector256.LoadUnsafe(ref q, i), decoded);
            }

            total = Vector256.Sum(s0);
        }

        for (; i < n; i++)
        {
            total = TOp.Accumulate(total, Unsafe.Add(ref q, i), MathF.FusedMultiplyAdd(Unsafe.Add(ref c, i), Unsafe.Add(ref step, i), Unsafe.Add(ref min, i)));
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Decode16(ref byte code, ref float min, ref float step, nuint i)
    {
        var codes = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref code, i));
        return Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(codes), Vector512.LoadUnsafe(ref step, i), Vector512.LoadUnsafe(ref min, i));
    }
}
