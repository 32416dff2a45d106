using System.Runtime.Intrinsics;

namespace OrleansVector.Kernels;

/// <summary>
/// One step of a sum over element pairs, at every vector width, so that a single generic loop
/// (<see cref="SimdSum"/>) serves L2 and dot product without virtual calls.
/// </summary>
internal interface IPairReduction
{
    static abstract Vector512<float> Accumulate(Vector512<float> sum, Vector512<float> a, Vector512<float> b);
    static abstract Vector256<float> Accumulate(Vector256<float> sum, Vector256<float> a, Vector256<float> b);
    static abstract float Accumulate(float sum, float a, float b);
}

/// <summary>Sum of (a - b)^2.</summary>
internal readonly struct SquaredDifference : IPairReduction
{
    public static Vector512<float> Accumulate(Vector512<float> sum, Vector512<float> a, Vector512<float> b)
    {
        var d = a - b;
        return Vector512.FusedMultiplyAdd(d, d, sum);
    }

    public static Vector256<float> Accumulate(Vector256<float> sum, Vector256<float> a, Vector256<float> b)
    {
        var d = a - b;
        return Vector256.FusedMultiplyAdd(d, d, sum);
    }

    public static float Accumulate(float sum, float a, float b)
    {
        var d = a - b;
        return MathF.FusedMultiplyAdd(d, d, sum);
    }
}

/// <summary>Sum of a * b.</summary>
internal readonly struct Product : IPairReduction
{
    public static Vector512<float> Accumulate(Vector512<float> sum, Vector512<float> a, Vector512<float> b) =>
        Vector512.FusedMultiplyAdd(a, b, sum);

    public static Vector256<float> Accumulate(Vector256<float> sum, Vector256<float> a, Vector256<float> b) =>
        Vector256.FusedMultiplyAdd(a, b, sum);

    public static float Accumulate(float sum, float a, float b) => MathF.FusedMultiplyAdd(a, b, sum);
}
