using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Placement;

/// <summary>
/// Finds the silo for a call: a local activation, else the cache of directory lookups, else the directory, else placement.
/// Concurrent lookups of one grain share one task, whose continuations run in the order the calls were made, so calls from
/// one caller keep their order. Cache entries are hints, dropped when a call is refused or a silo dies, and bounded by
/// <see cref="Configuration.GrainDirectoryOptions.CacheSize"/> (least recently used go first).
/// </summary>
internal sealed class GrainLocator(SiloRuntime runtime, PlacementService placement, int cacheSize)
{
    private readonly AddressCache _cache = new(cacheSize);
    private readonly Dictionary<GrainId, Task<SiloAddress>> _pending = [];

    public ValueTask<SiloAddress> AddressAsync(GrainId grainId)
    {
        var strategy = runtime.Registry.TryGet(grainId.Type, out var grainClass) ? grainClass.Placement : PlacementStrategy.Random;
        if (strategy == PlacementStrategy.StatelessWorker || runtime.Catalog.HasActivation(grainId))
        {
            return new(runtime.LocalSilo);
        }
        if (_cache.TryGet(grainId, out var cached) && !runtime.Membership.IsDead(cached))
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

    /// <summary>How many addresses are cached.</summary>
    public int CachedCount => _cache.Count;

    public void Invalidate(GrainId grainId) => _cache.Remove(grainId);

    public void InvalidateSilo(SiloAddress silo) => _cache.RemoveSilo(silo);

    private async Task ResolveAsync(GrainId grainId, PlacementStrategy strategy, TaskCompletionSource<SiloAddress> resolution)
    {
        SiloAddress silo;
        try
        {
            var found = await runtime.Directory.LookupAsync(grainId, CancellationToken.None).ConfigureAwait(false);
            if (found is not null && !runtime.Membership.IsDead(found.Silo))
            {
                _cache.Set(grainId, found.Silo);
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
