using FsCheck;
using FsCheck.Fluent;

namespace OrleansVector.Kernels.Tests;

/// <summary>FsCheck generators for vectors of every length the kernels meet, so that every SIMD tail shape is hit.</summary>
internal static class Generators
{
    public const int MaxDim = 2000;

    // Values in [-10, 10] with 5 decimals: finite, varied magnitudes, no NaN.
    public static Gen<float> Element { get; } = Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100_000f);

    public static Gen<(float[] A, float[] B)> FloatPair { get; } =
        Gen.Choose(1, MaxDim).SelectMany(dim => Gen.Two(Gen.ArrayOf(Element, dim)));

    public static Gen<(byte[] A, byte[] B)> BytePair { get; } =
        Gen.Choose(1, 300).SelectMany(length => Gen.Two(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), length)));

    public static Config Config { get; } = Config.QuickThrowOnFailure.WithMaxTest(300);

    public static float[] RandomVectors(Random random, int count, int dim)
    {
        var v = new float[count * dim];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return v;
    }
}
