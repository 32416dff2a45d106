using System.Globalization;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Passes the call down a chain of relay grains named by comma-separated keys (the first is this grain) and returns the
    /// managed thread id each link started on, first link first, separated by '/'.
    /// </summary>
    Task<Text> Relay(Text chain);

    /// <summary>Calls <see cref="ArriveAndBlock"/> on each relay grain named (comma separated) at once, and waits for all.</summary>
    Task<Number> FanOut(Text keys);

    /// <summary>Arrives at the probe named by the text and blocks its thread until the probe's expected arrivals are in.</summary>
    Task<Number> ArriveAndBlock(Text probe);

    /// <summary>Calls Work on the concurrency grain named by the text.</summary>
    Task<Number> Work(Text concurrencyGrain);

    /// <summary>Sends Append(0..count-1) to the concurrency grain named by the text without waiting in between, then waits for all.</summary>
    Task<Number> AppendMany(Text concurrencyGrain);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    private const int AppendCount = 200;
    private static readonly TimeSpan BlockLimit = TimeSpan.FromSeconds(20);

    public async Task<Text> Relay(Text chain)
    {
        var thread = Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture);
        var rest = chain.Value.Split(',', 2);
        if (rest.Length == 1)
        {
            return new Text { Value = thread };
        }
        var tail = await GrainFactory.GetGrain<IRelayGrain>(rest[1].Split(',')[0]).Relay(new Text { Value = rest[1] });
        return new Text { Value = $"{thread}/{tail.Value}" };
    }

    public async Task<Number> FanOut(Text keys)
    {
        var arrived = await Task.WhenAll(keys.Value.Split(',').Select(key => GrainFactory.GetGrain<IRelayGrain>(key).ArriveAndBlock(new Text { Value = GrainId.Key })));
        return new Number { Value = arrived.Sum(a => a.Value) };
    }

    public Task<Number> ArriveAndBlock(Text probe)
    {
        // Blocking a turn is wrong in real grain code; here it proves the grains of a fan-out run at the same time:
        // run one after the other, the first would wait for the second forever.
        var shared = Probe.For(probe.Value);
        shared.Arrive();
        if (!shared.AllArrived.Task.Wait(BlockLimit))
        {
            throw new TimeoutException($"{GrainId} waited {BlockLimit} for the other grains of the fan-out; they did not run beside it.");
        }
        return Task.FromResult(new Number { Value = 1 });
    }

    public Task<Number> Work(Text concurrencyGrain) => GrainFactory.GetGrain<IConcurrencyGrain>(concurrencyGrain.Value).Work(new Number { Value = 5 });

    public async Task<Number> AppendMany(Text concurrencyGrain)
    {
        var target = GrainFactory.GetGrain<IConcurrencyGrain>(concurrencyGrain.Value);
        await Task.WhenAll(Enumerable.Range(0, AppendCount).Select(i => target.Append(new Number { Value = i })));
        return new Number { Value = AppendCount };
    }
}
