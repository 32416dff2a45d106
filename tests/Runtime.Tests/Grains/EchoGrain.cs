using OrleansVector.Runtime.Scheduling;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

public interface IEchoGrain : IGrainWithStringKey
{
    Task<Text> Echo(Text text);

    /// <summary>Changes its argument and returns it.</summary>
    Task<Text> Mutate(Text text);

    /// <summary>Keeps the argument in the probe and returns it.</summary>
    Task<SharedText> Keep(SharedText text);

    /// <summary>Returns a message it keeps and later changes.</summary>
    Task<Text> Held();

    Task Change(Text text);

    Task<Text> Throw(Text message);

    Task<Text> ReadContext(Text key);

    /// <summary>Asks another echo grain for a request-context value.</summary>
    Task<Text> ForwardReadContext(Text otherKey);

    /// <summary>Whether the grain's code ran on its activation's scheduler before and after awaits.</summary>
    Task<Text> SchedulerCheck();

    Task<Text> Identity();

    Task Deactivate();

    ValueTask<Text> EchoValueTask(Text text);

    ValueTask Nothing();
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    private readonly Text _held = new() { Value = "original" };

    public Task<Text> Echo(Text text) => Task.FromResult(new Text { Value = $"{GrainId.Key}:{text.Value}" });

    public Task<Text> Mutate(Text text)
    {
        text.Value = "changed by grain";
        return Task.FromResult(text);
    }

    public Task<SharedText> Keep(SharedText text)
    {
        Probe.For(GrainId.Key).LastReference = text;
        return Task.FromResult(text);
    }

    public Task<Text> Held() => Task.FromResult(_held);

    public Task Change(Text text)
    {
        _held.Value = text.Value;
        return Task.CompletedTask;
    }

    public Task<Text> Throw(Text message) => throw new ArgumentException(message.Value);

    public Task<Text> ReadContext(Text key) => Task.FromResult(new Text { Value = RequestContext.Get(key.Value) ?? "(missing)" });

    public Task<Text> ForwardReadContext(Text otherKey) =>
        GrainFactory.GetGrain<IEchoGrain>(otherKey.Value).ReadContext(new Text { Value = "trace" });

    public async Task<Text> SchedulerCheck()
    {
        var before = TaskScheduler.Current is ActivationTaskScheduler;
        await Task.Yield();
        var afterYield = TaskScheduler.Current is ActivationTaskScheduler;
        await Task.Run(() => { });
        var afterThreadPool = TaskScheduler.Current is ActivationTaskScheduler;
        return new Text { Value = $"{before}/{afterYield}/{afterThreadPool}" };
    }

    public Task<Text> Identity() => Task.FromResult(new Text { Value = IdentityString });

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public ValueTask<Text> EchoValueTask(Text text) => ValueTask.FromResult(new Text { Value = text.Value + "!" });

    public ValueTask Nothing() => ValueTask.CompletedTask;
}

public interface IIntegerKeyGrain : IGrainWithIntegerKey
{
    Task<Number> Key();
}

public sealed class IntegerKeyGrain : Grain, IIntegerKeyGrain
{
    public Task<Number> Key() => Task.FromResult(new Number { Value = GetPrimaryKeyLong() });
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Text> Key();
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Text> Key() => Task.FromResult(new Text { Value = GetPrimaryKey().ToString() });
}
