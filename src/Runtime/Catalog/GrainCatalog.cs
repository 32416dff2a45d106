using System.Collections.Concurrent;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Messaging;

namespace OrleansVector.Runtime.Catalog;

/// <summary>
/// The activations of one silo. A request for a grain with no local activation creates one here (routing is by grain id,
/// not activation); whether it survives is decided when it registers in the directory.
/// </summary>
internal sealed class GrainCatalog(SiloRuntime runtime)
{
    private const int MaxDeliveryAttempts = 3;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _workers = new();
    private readonly Lock _createLock = new();

    public int Count => _activations.Count + _workers.Values.Sum(p => p.Count);

    public IEnumerable<ActivationData> All => _activations.Values.Concat(_workers.Values.SelectMany(p => p.Workers));

    /// <summary>True when <paramref name="address"/> is an activation this silo still holds.</summary>
    public bool IsLive(GrainAddress address) =>
        _activations.TryGetValue(address.GrainId, out var activation) && activation.Address.ActivationId == address.ActivationId;

    /// <summary>True when this silo holds an activation of the grain that is not going away.</summary>
    public bool HasActivation(GrainId grainId) =>
        _activations.TryGetValue(grainId, out var activation) && activation.State is ActivationState.Valid or ActivationState.Activating;

    public void Deliver(Message message)
    {
        if (!runtime.Registry.TryGet(message.Target.Type, out var grainClass))
        {
            message.Sink?.Fail(new InvalidOperationException($"Grain type '{message.Target.Type}' is not registered on silo {runtime.LocalSilo}."));
            return;
        }
        if (grainClass.IsStatelessWorker)
        {
            _workers.GetOrAdd(message.Target, static (id, state) => new StatelessWorkerPool(id, state.grainClass, state.runtime), (grainClass, runtime)).Enqueue(message);
            return;
        }
        for (var attempt = 0; attempt < MaxDeliveryAttempts; attempt++)
        {
            if (_activations.TryGetValue(message.Target, out var existing))
            {
                if (existing.Enqueue(message))
                {
                    return;
                }
                // It turned Invalid and leaves the catalog a moment later: take it out now, so the next attempt creates
                // an activation (which forwards to the winner if another silo holds the grain) instead of meeting it again.
                _activations.TryRemove(KeyValuePair.Create(message.Target, existing));
                continue;
            }
            if (!runtime.AcceptsNewActivations)
            {
                runtime.MessageCenter.Forward(message, runtime.LocalSilo);
                return;
            }
            ActivationData created;
            lock (_createLock)
            {
                if (_activations.ContainsKey(message.Target))
                {
                    continue;
                }
                created = new ActivationData(message.Target, grainClass, runtime);
                _activations[message.Target] = created;
            }
            created.Enqueue(message);
            _ = created.ActivateAsync();
            return;
        }
        message.Sink?.Fail(new SiloUnavailableException($"{message.Target} kept deactivating on silo {runtime.LocalSilo}; the call was not delivered."));
    }

    public void Remove(ActivationData activation)
    {
        if (activation.Class.IsStatelessWorker)
        {
            if (_workers.TryGetValue(activation.GrainId, out var pool))
            {
                pool.Remove(activation);
            }
            return;
        }
        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));
    }

    /// <summary>Deactivates every activation (running OnDeactivateAsync) and waits until all have left.</summary>
    public Task DeactivateAllAsync(DeactivationReason reason)
    {
        var all = All.ToList();
        foreach (var activation in all)
        {
            activation.Deactivate(reason);
        }
        return Task.WhenAll(all.Select(a => a.Deactivated));
    }

    /// <summary>Drops every activation without running grain code.</summary>
    public void DropAll(Exception failure)
    {
        foreach (var activation in All.ToList())
        {
            activation.Drop(failure);
        }
    }
}
