namespace OrleansVector.Kernels.Tests;

public sealed class VectorMathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(128)]
    [InlineData(769)]
    public void Float_kernels_agree_with_the_scalar_reference(int dim)
    {
        var random = new Random(dim);
        var a = RandomVector(random, dim);
        var b = RandomVector(random, dim);
        Assert.Equal(ScalarReference.L2Squared(a, b), VectorMath.L2Squared(a, b), 1e-5 * Math.Max(1, ScalarReference.L2Squared(a, b)));
        Assert.Equal(ScalarReference.Dot(a, b), VectorMath.Dot(a, b), 1e-5 * dim);
        Assert.Equal(ScalarReference.Cosine(a, b), VectorMath.Cosine(a, b), 1e-5);
    }

    [Fact]
    public void Binary_kernels_agree_with_the_scalar_reference()
    {
        var random = new Random(3);
        var a = new byte[37];
        var b = new byte[37];
        random.NextBytes(a);
        random.NextBytes(b);
        Assert.Equal(ScalarReference.Hamming(a, b), VectorMath.Hamming(a, b));
        Assert.Equal(ScalarReference.Jaccard(a, b), VectorMath.Jaccard(a, b), 1e-6);
    }

    [Fact]
    public void Dimension_mismatch_names_the_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => VectorMath.L2Squared(new float[3], new float[4]));
        Assert.Equal("b", e.ParamName);
    }

    internal static float[] RandomVector(Random random, int dim)
    {
        var v = new float[dim];
        for (var i = 0; i < dim; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return v;
    }
}
