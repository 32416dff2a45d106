using System.Collections.Concurrent;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Placement;

/// <summary>
/// Finds the silo for a call: a local activation, else the cache of directory lookups, else the directory, else placement.
/// Concurrent lookups of one grain share one task, whose continuations run in the order the calls were made, so calls from
/// one caller keep their order. Cache entries are hints, dropped when a call is refused or a silo dies.
/// </summary>
internal sealed class GrainLocator(SiloRuntime runtime, PlacementService placement)
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _cache = new();
    private readonly Dictionary<GrainId, Task<SiloAddress>> _pending = [];

    public ValueTask<SiloAddress> AddressAsync(GrainId grainId)
    {
        var strategy = runtime.Registry.TryGet(grainId.Type, out var grainClass) ? grainClass.Placement : PlacementStrategy.Random;
        if (strategy == PlacementStrategy.StatelessWorker || runtime.Catalog.HasActivation(grainId))
        {
            return new(runtime.LocalSilo);
        }
        if (_cache.TryGetValue(grainId, out var cached) && !runtime.Membership.IsDead(cached))
        {
            return new(cached);
        }
        TaskCompletionSource<SiloAddress> resolution;
        lock (_pending)
        {
            if (_pending.TryGetValue(grainId, out var inFlight))
            {
                return new(inFlight);
            }
            resolution = new TaskCompletionSource<SiloAddress>();
            _pending[grainId] = resolution.Task;
        }
        _ = ResolveAsync(grainId, strategy, resolution);
        return new(resolution.Task);
    }

    public void Invalidate(GrainId grainId) => _cache.TryRemove(grainId, out _);

    public void InvalidateSilo(SiloAddress silo)
    {
        foreach (var entry in _cache)
        {
            if (entry.Value == silo)
            {
                _cache.TryRemove(entry);
            }
        }
    }

    private async Task ResolveAsync(GrainId grainId, PlacementStrategy strategy, TaskCompletionSource<SiloAddress> resolution)
    {
        SiloAddress silo;
        try
        {
            var found = await runtime.Directory.LookupAsync(grainId, CancellationToken.None).ConfigureAwait(false);
            if (found is not null && !runtime.Membership.IsDead(found.Silo))
            {
                _cache[grainId] = found.Silo;
                silo = found.Silo;
            }
            else
            {
                silo = placement.Place(grainId, strategy);
            }
        }
        catch (Exception exception)
        {
            Done();
            resolution.SetException(exception);
            return;
        }
        Done();
        resolution.SetResult(silo);

        void Done()
        {
            lock (_pending)
            {
                _pending.Remove(grainId);
            }
        }
    }
}
