using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Kernels;

/// <summary>
/// One distance between two vectors at the dimensions of common embeddings: our SIMD kernels against a plain
/// scalar loop (the baseline) and against TensorPrimitives.
/// </summary>
[MemoryDiagnoser]
public class DistanceBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];

    [Params(128, 768, 1536)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Floats(Dim, 1);
        _b = BenchData.Floats(Dim, 2);
    }

    [Benchmark(Baseline = true)]
    public float L2Scalar()
    {
        var sum = 0f;
        for (var i = 0; i < _a.Length; i++)
        {
            var d = _a[i] - _b[i];
            sum += d * d;
        }

        return sum;
    }

    [Benchmark]
    public float L2Simd() => VectorMath.L2Squared(_a, _b);

    [Benchmark]
    public float L2TensorPrimitives()
    {
        var d = TensorPrimitives.Distance(_a, _b);
        return d * d;
    }

    [Benchmark]
    public float DotSimd() => VectorMath.Dot(_a, _b);

    [Benchmark]
    public float DotTensorPrimitives() => TensorPrimitives.Dot(_a, _b);
}
