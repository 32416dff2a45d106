using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

public interface IConcurrencyGrain : IGrainWithStringKey
{
    /// <summary>Records how many requests run at once, yielding several times in between.</summary>
    Task<Number> Work(Number yields);

    /// <summary>Read-only: arrives at the probe and waits until all expected readers arrived.</summary>
    [ReadOnly]
    Task<Number> ReadTogether();

    /// <summary>Read-only: holds until the probe gate opens.</summary>
    [ReadOnly]
    Task<Number> ReadAndHold();

    /// <summary>Read-only: reports whether a writer has started.</summary>
    [ReadOnly]
    Task<Text> ReadWriterState();

    /// <summary>A writer: marks that it started.</summary>
    Task<Number> Write();

    Task<Number> Hold();

    [AlwaysInterleave]
    Task<Number> Peek();

    [AlwaysInterleave]
    Task<Text> Identity();

    Task<Number> Append(Number value);

    [OneWay]
    Task Fire(Number value);

    [ResponseTimeout("00:00:05")]
    Task<Number> HangBriefly();

    Task<Number> HangLong();
}

public sealed class ConcurrencyGrain : Grain, IConcurrencyGrain
{
    private Probe Probe => Probe.For(GrainId.Key);

    public async Task<Number> Work(Number yields)
    {
        Probe.Enter();
        for (var i = 0; i < yields.Value; i++)
        {
            await Task.Yield();
        }
        Probe.Exit();
        return new Number { Value = Probe.MaxRunning };
    }

    public async Task<Number> ReadTogether()
    {
        Probe.Arrive();
        await Probe.AllArrived.Task;
        return new Number { Value = 1 };
    }

    public async Task<Number> ReadAndHold()
    {
        Probe.Arrive();
        await Probe.Gate.Task;
        return new Number { Value = 1 };
    }

    public Task<Text> ReadWriterState() => Task.FromResult(new Text { Value = Probe.WriterStarted ? "writer started" : "writer waiting" });

    public Task<Number> Write()
    {
        Probe.WriterStarted = true;
        return Task.FromResult(new Number { Value = 1 });
    }

    public async Task<Number> Hold()
    {
        Probe.Arrive();
        await Probe.Gate.Task;
        return new Number { Value = 1 };
    }

    public Task<Number> Peek() => Task.FromResult(new Number { Value = Probe.Running });

    public Task<Text> Identity() => Task.FromResult(new Text { Value = IdentityString });

    public Task<Number> Append(Number value)
    {
        Probe.Appended.Enqueue(value.Value);
        return Task.FromResult(value);
    }

    public async Task Fire(Number value)
    {
        await Probe.Gate.Task;
        Probe.Appended.Enqueue(value.Value);
        Probe.Arrive();
    }

    public async Task<Number> HangBriefly()
    {
        await Probe.Gate.Task;
        return new Number { Value = 1 };
    }

    public async Task<Number> HangLong()
    {
        await Probe.Gate.Task;
        return new Number { Value = 1 };
    }
}

public interface IReentrantGrain : IGrainWithStringKey
{
    Task<Number> WaitForOthers();
}

[Reentrant]
public sealed class ReentrantGrain : Grain, IReentrantGrain
{
    public async Task<Number> WaitForOthers()
    {
        var probe = Probe.For(GrainId.Key);
        probe.Arrive();
        await probe.AllArrived.Task;
        return new Number { Value = 1 };
    }
}
