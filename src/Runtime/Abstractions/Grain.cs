using OrleansVector.Runtime.Catalog;
using OrleansVector.Runtime.Timers;

namespace OrleansVector.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates instances (constructor parameters come from the silo's services
/// and from <see cref="PersistentStateAttribute"/>), registers the activation in the directory, loads persistent state, then
/// calls <see cref="OnActivateAsync"/>. Grain code runs one turn at a time on the activation's scheduler; do not use
/// ConfigureAwait(false) or block on tasks in grain code.
/// </summary>
public abstract class Grain
{
    private readonly ActivationData _activation;

    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType()} is a grain; grains are created by the runtime, not with 'new'.");
    }

    public GrainId GrainId => _activation.GrainId;

    /// <summary>Text identifying this activation in logs: grain id, activation id and silo.</summary>
    public string IdentityString => _activation.Address.ToString();

    /// <summary>The silo this activation lives on.</summary>
    public SiloAddress Silo => _activation.Address.Silo;

    protected IGrainFactory GrainFactory => _activation.Runtime.GrainFactory;

    /// <summary>Runs after directory registration and state loading, before any request. An exception fails every queued call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once no request is running, before the directory entry is removed. Exceptions are logged and ignored.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivate as soon as the current request completes.</summary>
    protected void DeactivateOnIdle() =>
        _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "the grain called DeactivateOnIdle"));

    /// <summary>Keep this activation from idle collection for at least <paramref name="timeSpan"/>; <see cref="TimeSpan.Zero"/> cancels an earlier delay.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>
    /// A timer whose ticks run as turns of this activation (never overlapping, re-armed after each tick completes) and stop
    /// when it deactivates.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        _activation.RegisterTimer(callback, options);

    protected string GetPrimaryKeyString() => GrainId.Key;

    protected long GetPrimaryKeyLong() => GrainKeys.ToLong(GrainId);

    protected Guid GetPrimaryKey() => GrainKeys.ToGuid(GrainId);
}
