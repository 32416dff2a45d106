using BenchmarkDotNet.Attributes;
using OrleansVector.Kernels;

namespace OrleansVector.Bench.Kernels;

/// <summary>
/// The FLAT/IVF hot path: one query against a block of rows, and a batch of queries against the same block.
/// Figures are per distance (OperationsPerInvoke), so they compare directly with <see cref="DistanceBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class BatchDistanceBenchmarks
{
    private const int Rows = 4096;
    private const int Queries = 16;
    private float[] _queries = [];
    private float[] _block = [];
    private float[] _distances = [];

    [Params(128, 768, 1536)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _queries = BenchData.Floats(Queries * Dim, 3);
        _block = BenchData.Floats(Rows * Dim, 4);
        _distances = new float[Queries * Rows];
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void OneToManyL2() => BatchDistance.OneToMany<L2Distance>(_queries.AsSpan(0, Dim), _block, Dim, _distances);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void OneToManyIP() => BatchDistance.OneToMany<IPDistance>(_queries.AsSpan(0, Dim), _block, Dim, _distances);

    [Benchmark(OperationsPerInvoke = Rows * Queries)]
    public void ManyToManyL2() => BatchDistance.ManyToMany<L2Distance>(_queries, _block, Dim, _distances);
}
