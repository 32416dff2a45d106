using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// Milvus Float16Vector (type 102) and BFloat16Vector (type 103) values as little-endian 2-byte elements, to and
/// from float32. Narrowing rounds to nearest, ties to even; widening is exact.
/// </summary>
public static class HalfPrecision
{
    public static void Float16ToSingle(ReadOnlySpan<byte> source, Span<float> destination) =>
        TensorPrimitives.ConvertToSingle(Halves(source, destination.Length, nameof(destination)), destination);

    public static void SingleToFloat16(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Guard.AtLeast(source.Length * sizeof(ushort), destination.Length, nameof(destination));
        TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(destination)[..source.Length]);
    }

    public static void BFloat16ToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var bits = MemoryMarshal.Cast<Half, ushort>(Halves(source, destination.Length, nameof(destination)));
        var output = MemoryMarshal.Cast<float, uint>(destination);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<ushort>.Count <= bits.Length; i += Vector512<ushort>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.Create(bits.Slice(i, Vector512<ushort>.Count)));
                (lower << 16).CopyTo(output[i..]);
                (upper << 16).CopyTo(output[(i + Vector512<uint>.Count)..]);
            }
        }

        for (; i < bits.Length; i++)
        {
            output[i] = (uint)bits[i] << 16;
        }
    }

    public static void SingleToBFloat16(ReadOnlySpan<float> source, Span<byte> destination)
    {
        Guard.AtLeast(source.Length * sizeof(ushort), destination.Length, nameof(destination));
        var input = MemoryMarshal.Cast<float, uint>(source);
        var output = MemoryMarshal.Cast<byte, ushort>(destination);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            const int W = 16;
            for (; i + (2 * W) <= input.Length; i += 2 * W)
            {
                var lower = RoundToBFloat16(Vector512.Create(input.Slice(i, W)));
                var upper = RoundToBFloat16(Vector512.Create(input.Slice(i + W, W)));
                Vector512.Narrow(lower, upper).CopyTo(output[i..]);
            }
        }

        for (; i < input.Length; i++)
        {
            output[i] = RoundToBFloat16(input[i]);
        }
    }

    // Keeps the upper 16 bits, rounding to nearest even; NaN stays a (quiet) NaN instead of rounding to infinity.
    private static ushort RoundToBFloat16(uint bits) =>
        float.IsNaN(BitConverter.UInt32BitsToSingle(bits))
            ? (ushort)((bits >> 16) | 0x40)
            : (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);

    private static Vector512<uint> RoundToBFloat16(Vector512<uint> bits)
    {
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
        var nan = Vector512.IsNaN(bits.AsSingle()).AsUInt32();
        return Vector512.ConditionalSelect(nan, (bits >> 16) | Vector512.Create(0x40u), rounded);
    }

    private static ReadOnlySpan<Half> Halves(ReadOnlySpan<byte> source, int destinationLength, string destinationName)
    {
        if (source.Length % sizeof(ushort) != 0)
        {
            throw new ArgumentException($"source has {source.Length} bytes; 16-bit values need an even number.", nameof(source));
        }

        var halves = MemoryMarshal.Cast<byte, Half>(source);
        Guard.AtLeast(halves.Length, destinationLength, destinationName);
        return halves;
    }
}
