using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Returns the activation's identity.</summary>
    Task<Text> Hello();

    Task DelayCollection(Number minutes);
}

/// <summary>Counts activations, can hold or fail activation, records deactivations, in the probe named by its key.</summary>
public class LifecycleGrain : Grain, ILifecycleGrain
{
    private Probe Probe => Probe.For(GrainId.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Probe.Activations);
        if (Probe.FailActivation)
        {
            await Probe.Gate.Task;
            throw new InvalidOperationException($"activation of {GrainId.Key} failed on purpose");
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Deactivations.Enqueue(reason);
        if (Probe.Table is { } table)
        {
            Probe.StillMemberAtDeactivation.Enqueue(table.Snapshot.Find(Silo) is not null);
        }
        Probe.Deactivated.TrySetResult();
        return Task.CompletedTask;
    }

    public Task<Text> Hello() => Task.FromResult(new Text { Value = IdentityString });

    public Task DelayCollection(Number minutes)
    {
        DelayDeactivation(TimeSpan.FromMinutes(minutes.Value));
        return Task.CompletedTask;
    }
}

public interface IHeldActivationGrain : IGrainWithStringKey
{
    Task<Text> Hello();
}

/// <summary>OnActivateAsync waits for the probe gate, and records whether any request ran before it finished.</summary>
public sealed class HeldActivationGrain : Grain, IHeldActivationGrain
{
    private bool _activated;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var probe = Probe.For(GrainId.Key);
        Interlocked.Increment(ref probe.Activations);
        await probe.Gate.Task;
        _activated = true;
    }

    public Task<Text> Hello() => Task.FromResult(new Text { Value = _activated ? "after activation" : "before activation" });
}

public interface IKeptAliveGrain : IGrainWithStringKey
{
    Task<Text> Hello();
}

[KeepAlive]
public sealed class KeptAliveGrain : LifecycleGrain, IKeptAliveGrain;

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task<Text> Hello();
}

[CollectionAgeLimit("00:02:00")]
public sealed class ShortLivedGrain : LifecycleGrain, IShortLivedGrain;
