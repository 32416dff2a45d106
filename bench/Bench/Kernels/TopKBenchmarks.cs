using BenchmarkDotNet.Attributes;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Kernels;

/// <summary>Selecting the k best of a stream of candidate distances (per candidate).</summary>
[MemoryDiagnoser]
public class TopKBenchmarks
{
    private const int Candidates = 100_000;
    private float[] _distances = [];
    private TopKHeap _heap = new(1);
    private long[] _ids = [];
    private float[] _best = [];

    [Params(10, 100, 1000)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _distances = BenchData.Floats(Candidates, 5);
        _heap = new TopKHeap(K);
        _ids = new long[K];
        _best = new float[K];
    }

    [Benchmark(OperationsPerInvoke = Candidates)]
    public int SelectTopK()
    {
        _heap.Reset(K);
        for (var i = 0; i < _distances.Length; i++)
        {
            _heap.TryAdd(i, _distances[i]);
        }

        return _heap.DrainSorted(_ids, _best);
    }
}
