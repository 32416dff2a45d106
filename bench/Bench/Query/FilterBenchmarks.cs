using BenchmarkDotNet.Attributes;
using OrleansVector.Query;

namespace OrleansVector.Bench.Query;

/// <summary>
/// Filter evaluation over one batch of 1M rows on one thread (issue 6): rows per second = 1M / mean time.
/// The plan is compiled once; each operation evaluates it over the whole batch into a reused bitset.
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private const int Rows = 1_000_000;
    private FilterWorkload? _workload;
    private FilterPlan? _plan;
    private ulong[] _selection = [];

    [ParamsSource(nameof(AllExpressions))]
    public string Expression { get; set; } = "";

    public static IEnumerable<string> AllExpressions => FilterWorkload.Expressions;

    [GlobalSetup]
    public void Setup()
    {
        _workload = FilterWorkload.Create(Rows);
        _plan = _workload.Compile(Expression);
        _selection = new ulong[(Rows + 63) / 64];
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public void Evaluate() => _plan!.Evaluate(_workload!.Batch, _selection);
}
