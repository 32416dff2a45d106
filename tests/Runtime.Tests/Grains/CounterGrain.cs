using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and writes the state; returns the new count.</summary>
    Task<Number> Increment();

    [ReadOnly]
    Task<Number> Get();

    /// <summary>The count this activation saw in OnActivateAsync, its ETag now and its silo.</summary>
    [ReadOnly]
    Task<Text> Describe();
}

/// <summary>A persisted counter (storage "Default", state "counter").</summary>
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private long _seenOnActivate = -1;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seenOnActivate = state.State.Count;
        return Task.CompletedTask;
    }

    public async Task<Number> Increment()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return new Number { Value = state.State.Count };
    }

    public Task<Number> Get() => Task.FromResult(new Number { Value = state.State.Count });

    public Task<Text> Describe() => Task.FromResult(new Text { Value = $"{_seenOnActivate}|{state.Etag}|{Silo}|{IdentityString}" });
}

public interface ITimerGrain : IGrainWithStringKey
{
    Task Start(Number periodMinutes);

    Task<Number> Ticks();

    Task StopTimer();

    Task Deactivate();
}

/// <summary>A grain timer that counts ticks in the probe; ticks are turns, so they are never concurrent with requests.</summary>
public sealed class TimerGrain : Grain, ITimerGrain
{
    private Timers.IGrainTimer? _timer;

    public Task Start(Number periodMinutes)
    {
        var period = TimeSpan.FromMinutes(periodMinutes.Value);
        _timer = RegisterGrainTimer(async _ =>
        {
            var probe = Probe.For(GrainId.Key);
            probe.Enter();
            await Task.Yield();
            Interlocked.Increment(ref probe.Ticks);
            probe.Exit();
        }, new Timers.GrainTimerCreationOptions(period, period));
        return Task.CompletedTask;
    }

    public Task<Number> Ticks() => Task.FromResult(new Number { Value = Interlocked.Read(ref Probe.For(GrainId.Key).Ticks) });

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
