using System.Buffers.Binary;
using FsCheck.Fluent;

namespace OrleansVector.Kernels.Tests;

public sealed class HalfPrecisionTests
{
    [Fact]
    public void Every_finite_Float16_survives_widening_and_narrowing_unchanged()
    {
        var bytes = AllNonNaNPatterns(bits => Half.IsNaN(BitConverter.UInt16BitsToHalf(bits)));
        var floats = new float[bytes.Length / 2];
        HalfPrecision.Float16ToSingle(bytes, floats);
        for (var i = 0; i < floats.Length; i++)
        {
            Assert.Equal((float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2))), floats[i]);
        }

        var back = new byte[bytes.Length];
        HalfPrecision.SingleToFloat16(floats, back);
        Assert.Equal(bytes, back);
    }

    [Fact]
    public void Every_BFloat16_survives_widening_and_narrowing_unchanged()
    {
        var bytes = AllNonNaNPatterns(bits => float.IsNaN(BitConverter.UInt32BitsToSingle((uint)bits << 16)));
        var floats = new float[bytes.Length / 2];
        HalfPrecision.BFloat16ToSingle(bytes, floats);
        for (var i = 0; i < floats.Length; i++)
        {
            Assert.Equal((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)) << 16, BitConverter.SingleToUInt32Bits(floats[i]));
        }

        var back = new byte[bytes.Length];
        HalfPrecision.SingleToBFloat16(floats, back);
        Assert.Equal(bytes, back);
    }

    // Any float bit pattern, with the low half often right at or next to a rounding tie.
    private static FsCheck.Gen<uint> FloatBits { get; } =
        from high in Gen.Choose(0, 0xFFFF)
        from low in Gen.OneOf(Gen.Choose(0, 0xFFFF), Gen.Elements(0x7FFF, 0x8000, 0x8001))
        select ((uint)high << 16) | (uint)low;

    [Fact]
    public void BFloat16_narrowing_rounds_to_nearest_even() =>
        VectorMathPropertyTests.Check(Gen.ArrayOf(FloatBits), patterns =>
        {
            var floats = patterns.Select(BitConverter.UInt32BitsToSingle).Where(f => float.IsFinite(f)).ToArray();
            var bytes = new byte[floats.Length * 2];
            HalfPrecision.SingleToBFloat16(floats, bytes);
            for (var i = 0; i < floats.Length; i++)
            {
                if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * 2)) != NearestEvenBFloat16(floats[i]))
                {
                    return false;
                }
            }

            return true;
        });

    [Fact]
    public void Known_values_round_as_IEEE_says()
    {
        // 1 + 2^-8 lies halfway between bf16 1.0 and 1 + 2^-7: ties go to the even mantissa (1.0).
        // 1 + 3 * 2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: ties go to 1 + 2^-6.
        var bytes = new byte[8];
        HalfPrecision.SingleToBFloat16([1 + (1f / 256), 1 + (3f / 256), float.NaN, float.MaxValue], bytes);
        Assert.Equal((ushort)0x3F80, BinaryPrimitives.ReadUInt16LittleEndian(bytes));
        Assert.Equal((ushort)0x3F82, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)) << 16)));
        Assert.Equal((ushort)0x7F80, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6))); // overflow rounds to +inf

        var half = new byte[2];
        HalfPrecision.SingleToFloat16([65520f], half); // halfway between Half.MaxValue and the next step: +inf
        Assert.Equal(Half.PositiveInfinity, BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(half)));
    }

    [Fact]
    public void Bad_lengths_name_the_parameter()
    {
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => HalfPrecision.Float16ToSingle(new byte[3], new float[2])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => HalfPrecision.BFloat16ToSingle(new byte[6], new float[2])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => HalfPrecision.SingleToBFloat16(new float[3], new byte[5])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => HalfPrecision.SingleToFloat16(new float[3], new byte[4])).ParamName);
    }

    private static byte[] AllNonNaNPatterns(Func<ushort, bool> isNaN)
    {
        var patterns = Enumerable.Range(0, 65536).Select(i => (ushort)i).Where(bits => !isNaN(bits)).ToArray();
        var bytes = new byte[patterns.Length * 2];
        for (var i = 0; i < patterns.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), patterns[i]);
        }

        return bytes;
    }

    // Reference: pick the nearer of the two bf16 neighbours in double arithmetic, the even one on a tie. Beyond the
    // largest finite bf16 the upper neighbour is infinity, which counts as lying one step further.
    private static ushort NearestEvenBFloat16(float value)
    {
        var towardZero = (ushort)(BitConverter.SingleToUInt32Bits(value) >> 16);
        var awayFromZero = (ushort)(towardZero + 1);
        var low = Widen(towardZero);
        var step = Math.Abs(low - Widen((ushort)(towardZero - 1)));
        var high = double.IsInfinity(Widen(awayFromZero)) ? low + (Math.Sign(low) * step) : Widen(awayFromZero);
        var toLow = Math.Abs(value - low);
        var toHigh = Math.Abs(value - high);
        return toLow < toHigh ? towardZero : toHigh < toLow ? awayFromZero : (towardZero & 1) == 0 ? towardZero : awayFromZero;
    }

    private static double Widen(ushort bfloat16) => BitConverter.UInt32BitsToSingle((uint)bfloat16 << 16);
}
