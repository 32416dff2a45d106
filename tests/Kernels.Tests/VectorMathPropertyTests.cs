using FsCheck;
using FsCheck.Fluent;

namespace OrleansVector.Kernels.Tests;

/// <summary>
/// SIMD kernels against the double-precision scalar reference for random dimensions 1..2000.
/// Tolerance: |simd - reference| &lt;= 1e-5 * (sum of |terms|) + 1e-6, i.e. a relative error of 1e-5 of the
/// magnitude that float rounding acts on (the sum of squared differences for L2, of |a_i * b_i| for the dot product).
/// </summary>
public sealed class VectorMathPropertyTests
{
    private const double Relative = 1e-5;
    private const double Absolute = 1e-6;

    [Fact]
    public void L2Squared_matches_the_scalar_reference() => Check(Generators.FloatPair, p =>
        Close(VectorMath.L2Squared(p.A, p.B), ScalarReference.L2Squared(p.A, p.B), ScalarReference.L2Squared(p.A, p.B)));

    [Fact]
    public void Dot_matches_the_scalar_reference() => Check(Generators.FloatPair, p =>
        Close(VectorMath.Dot(p.A, p.B), ScalarReference.Dot(p.A, p.B), ScalarReference.AbsoluteDot(p.A, p.B)));

    [Fact]
    public void Cosine_and_norm_match_the_scalar_reference() => Check(Generators.FloatPair, p =>
        Close(VectorMath.Cosine(p.A, p.B), ScalarReference.Cosine(p.A, p.B), 1)
        && Close(VectorMath.Norm(p.A), Math.Sqrt(ScalarReference.Dot(p.A, p.A)), Math.Sqrt(ScalarReference.Dot(p.A, p.A))));

    [Fact]
    public void Normalize_gives_unit_length_and_keeps_direction() => Check(Generators.FloatPair, p =>
    {
        var v = (float[])p.A.Clone();
        VectorMath.Normalize(v);
        var norm = Math.Sqrt(ScalarReference.Dot(p.A, p.A));
        return norm == 0 || (Close(Math.Sqrt(ScalarReference.Dot(v, v)), 1, 1) && Close(ScalarReference.Cosine(v, p.A), 1, 1));
    });

    [Fact]
    public void Hamming_and_Jaccard_match_the_scalar_reference() => Check(Generators.BytePair, p =>
        VectorMath.Hamming(p.A, p.B) == ScalarReference.Hamming(p.A, p.B)
        && Close(VectorMath.Jaccard(p.A, p.B), ScalarReference.Jaccard(p.A, p.B), 1));

    [Fact]
    public void Zero_vectors_have_zero_cosine_and_stay_zero_when_normalized()
    {
        var zero = new float[5];
        Assert.Equal(0f, VectorMath.Cosine(zero, [1, 2, 3, 4, 5]));
        VectorMath.Normalize(zero);
        Assert.All(zero, x => Assert.Equal(0f, x));
        Assert.Equal(0f, VectorMath.Jaccard(new byte[3], new byte[3]));
    }

    [Fact]
    public void Dimension_mismatch_names_the_parameter()
    {
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => VectorMath.L2Squared(new float[3], new float[4])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => VectorMath.Dot(new float[3], new float[2])).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => VectorMath.Hamming(new byte[3], new byte[2])).ParamName);
    }

    [Fact]
    public void Property_checks_fail_when_the_property_is_false() =>
        Assert.ThrowsAny<Exception>(() => Check(Gen.Choose(1, 10), x => x < 5));

    internal static bool Close(double actual, double expected, double magnitude) =>
        Math.Abs(actual - expected) <= (Relative * magnitude) + Absolute;

    internal static void Check<T>(Gen<T> gen, Func<T, bool> property) =>
        Prop.ForAll(gen.ToArbitrary(), property).Check(Generators.Config);
}
