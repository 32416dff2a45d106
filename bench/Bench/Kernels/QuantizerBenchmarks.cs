using BenchmarkDotNet.Attributes;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Kernels;

/// <summary>Asymmetric distances of a float query to SQ8 and PQ codes (per code), the IVF_SQ8 / IVF_PQ scan.</summary>
[MemoryDiagnoser]
public class QuantizerBenchmarks
{
    private const int Codes = 4096;
    private float[] _query = [];
    private byte[] _sqCodes = [];
    private byte[] _pqCodes = [];
    private float[] _table = [];
    private ScalarQuantizer8 _sq = null!;
    private int _m;

    [Params(128, 768)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = BenchData.Floats(Codes * Dim, 6);
        _query = BenchData.Floats(Dim, 7);
        _sq = ScalarQuantizer8.Train(data, Dim);
        _sqCodes = new byte[Codes * Dim];
        for (var r = 0; r < Codes; r++)
        {
            _sq.Encode(data.AsSpan(r * Dim, Dim), _sqCodes.AsSpan(r * Dim, Dim));
        }

        _m = Dim / 8;
        var pq = ProductQuantizer.Train(data.AsSpan(0, 1024 * Dim), Dim, _m, new KMeansOptions { Iterations = 4 });
        _pqCodes = new byte[Codes * _m];
        for (var r = 0; r < Codes; r++)
        {
            pq.Encode(data.AsSpan(r * Dim, Dim), _pqCodes.AsSpan(r * _m, _m));
        }

        _table = new float[_m * ProductQuantizer.CentroidsPerSubspace];
        pq.ComputeDistanceTable(_query, MetricType.L2, _table);
    }

    [Benchmark(OperationsPerInvoke = Codes)]
    public float Sq8L2()
    {
        var sum = 0f;
        for (var r = 0; r < Codes; r++)
        {
            sum += _sq.L2Squared(_query, _sqCodes.AsSpan(r * Dim, Dim));
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Codes)]
    public float PqAsymmetricL2()
    {
        var sum = 0f;
        for (var r = 0; r < Codes; r++)
        {
            sum += ProductQuantizer.AsymmetricDistance(_table, _pqCodes.AsSpan(r * _m, _m));
        }

        return sum;
    }
}
