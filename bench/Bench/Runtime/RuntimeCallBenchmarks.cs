using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;

namespace OrleansVector.Bench.Runtime;

/// <summary>
/// One grain call with a small message: in-process on one silo (arguments and result cloned), a chain of three nested
/// local calls, silo to silo over loopback HTTP/2, and cluster client to gateway silo over loopback HTTP/2. `bench runtime` reports the same calls as p50/p99.
/// </summary>
[MemoryDiagnoser]
public class RuntimeCallBenchmarks
{
    private RuntimeBenchCluster _cluster = null!;

    [GlobalSetup]
    public void Setup() => _cluster = RuntimeBenchCluster.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<StringValue> LocalCall() => _cluster.Local.Ping(RuntimeBenchCluster.Message);

    [Benchmark]
    public Task<StringValue> LocalChainOfThree() => _cluster.Chain.Ping(RuntimeBenchCluster.Message);

    [Benchmark]
    public Task<StringValue> CrossSiloCall() => _cluster.Remote.Ping(RuntimeBenchCluster.Message);

    [Benchmark]
    public Task<StringValue> ClientCall() => _cluster.ViaClient.Ping(RuntimeBenchCluster.Message);
}
