using Google.Protobuf.WellKnownTypes;
using OrleansVector.Runtime;

namespace OrleansVector.Bench.Runtime;

/// <summary>The benchmark grain: a small message in, the same message out.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task<StringValue> Ping(StringValue message);
}

/// <summary>Activates on the calling silo, so the benchmark decides which silo hosts each grain.</summary>
[PreferLocalPlacement]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<StringValue> Ping(StringValue message) => Task.FromResult(message);
}
