using System.Collections.Concurrent;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Runtime;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// Finds the collection grain for a database and a collection name or alias. The coordinator answers the first lookup;
/// the id is cached until a DDL call through this gateway could have changed what the name means (drop, rename, alias
/// changes, database drop), and callers re-resolve when a collection grain says its collection is gone (dropped through
/// another gateway).
/// </summary>
public sealed class CollectionResolver(IGrainFactory grains)
{
    private readonly ICoordinatorGrain _coordinator = grains.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
    private readonly ConcurrentDictionary<(string Database, string Name), long> _ids = new();

    // A grain reference is a proxy object; one per collection serves every call instead of a new proxy per call.
    private readonly ConcurrentDictionary<long, ICollectionGrain> _grains = new();
    private long _generation;

    public int CachedCount => _ids.Count;

    /// <summary>The collection's id.</summary>
    /// <exception cref="MilvusException">The coordinator's error, CollectionNotFound (100) when there is no such collection.</exception>
    public async ValueTask<long> ResolveAsync(string database, string name)
    {
        if (_ids.TryGetValue((database, name), out var cached))
        {
            return cached;
        }
        // A lookup that races with an invalidation must not put the stale answer back.
        var generation = Interlocked.Read(ref _generation);
        var response = await _coordinator.GetCollection(new CollectionLookup { DbName = database, CollectionName = name });
        MilvusStatusCheck.ThrowIfFailed(response.Status);
        var id = response.Info.Id;
        if (Interlocked.Read(ref _generation) == generation)
        {
            _ids[(database, name)] = id;
        }
        return id;
    }

    public ICollectionGrain Grain(long collectionId) => _grains.GetOrAdd(collectionId, static (id, factory) => factory.GetGrain<ICollectionGrain>(id), grains);

    /// <summary>Forgets one name, or with <paramref name="name"/> null every name of the database.</summary>
    public void Invalidate(string database, string? name = null)
    {
        Interlocked.Increment(ref _generation);
        foreach (var key in _ids.Keys)
        {
            if (key.Database == database && (name is null || key.Name == name) && _ids.TryRemove(key, out var id))
            {
                _grains.TryRemove(id, out _);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> on the collection's grain; if the grain answers CollectionNotFound, the cached id was
    /// stale, so the name is resolved again and the call repeated once on the collection it names now.
    /// </summary>
    public async ValueTask<TResponse> OnCollectionAsync<TResponse>(string database, string name, Func<ICollectionGrain, Task<TResponse>> call)
        where TResponse : Grains.Interfaces.Protocol.IMilvusStatusResponse
    {
        var id = await ResolveAsync(database, name);
        var response = await call(Grain(id));
        if (response.Status?.Code != (int)MilvusErrorCode.CollectionNotFound)
        {
            return response;
        }
        Invalidate(database, name);
        var current = await ResolveAsync(database, name);
        return current == id ? response : await call(Grain(current));
    }
}
