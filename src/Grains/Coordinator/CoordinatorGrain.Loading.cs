using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;

namespace OrleansVector.Grains.Coordinator;

// Load and release: the catalog records what should be served (LoadState, loaded partitions); the collection grain does
// the loading and reports progress, which lives here in memory (a new activation starts the load again).
public sealed partial class CoordinatorGrain
{
    private readonly Dictionary<long, LoadProgressReport> _loadProgress = [];

    public Task<Status> LoadCollection(LoadCollectionRequest request) => ChangeAsync(nameof(LoadCollection), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        RequireVectorIndexes(collection);
        if (collection.LoadState == LoadState.Loaded && collection.LoadedPartitionIds.Count == 0)
        {
            return null;
        }
        return await StartLoadAsync(collection, []);
    });

    public Task<Status> LoadPartitions(LoadPartitionsRequest request) => ChangeAsync(nameof(LoadPartitions), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        if (request.PartitionNames.Count == 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"LoadPartitions on collection '{collection.Name}' names no partition.");
        }
        var partitions = request.PartitionNames.Select(name => RequirePartition(collection, name)).ToList();
        RequireVectorIndexes(collection);
        if (partitions.All(p => IsLoaded(collection, p)) && collection.LoadState == LoadState.Loaded)
        {
            return null;
        }
        var loaded = collection.LoadState == LoadState.NotLoad ? new HashSet<long>() : LoadedPartitions(collection).ToHashSet();
        loaded.UnionWith(partitions.Select(p => p.Id));
        // Every partition loaded is the same as the whole collection loaded.
        return await StartLoadAsync(collection, loaded.Count == collection.Partitions.Count ? [] : loaded);
    });

    public Task<Status> ReleaseCollection(ReleaseCollectionRequest request) => ChangeAsync(nameof(ReleaseCollection), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        return collection.LoadState == LoadState.NotLoad ? null : await ReleaseAsync(collection);
    });

    public Task<Status> ReleasePartitions(ReleasePartitionsRequest request) => ChangeAsync(nameof(ReleasePartitions), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var released = request.PartitionNames.Select(name => RequirePartition(collection, name).Id).ToHashSet();
        if (collection.LoadState == LoadState.NotLoad)
        {
            return null;
        }
        var remaining = LoadedPartitions(collection).Where(id => !released.Contains(id)).ToList();
        if (remaining.Count == 0)
        {
            return await ReleaseAsync(collection);
        }
        var updated = collection.Clone();
        updated.LoadedPartitionIds.Clear();
        updated.LoadedPartitionIds.AddRange(remaining);
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => RefreshAsync(updated.Id);
    });

    public Task<Status> ReportLoadProgress(LoadProgressReport report) => ChangeAsync(nameof(ReportLoadProgress), async () =>
    {
        var collection = RequireCollection(report.CollectionId);
        if (collection.LoadState != LoadState.Loading)
        {
            // Released meanwhile, or already loaded: a late report changes nothing.
            return null;
        }
        _loadProgress[collection.Id] = report.Clone();
        if (report.Progress < 100 || report.FailReason.Length > 0)
        {
            return null;
        }
        var loaded = collection.Clone();
        loaded.LoadState = LoadState.Loaded;
        await _catalog.CommitAsync(new CatalogChange().Put(loaded));
        return () => RefreshAsync(loaded.Id);
    });

    public Task<GetLoadingProgressResponse> GetLoadingProgress(GetLoadingProgressRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        foreach (var name in request.PartitionNames)
        {
            var partition = RequirePartition(collection, name);
            if (!IsLoaded(collection, partition))
            {
                throw new MilvusException(MilvusErrorCode.PartitionNotLoaded, $"Partition '{name}' of collection '{collection.Name}' is not loaded.");
            }
        }
        if (collection.LoadState == LoadState.NotLoad)
        {
            throw new MilvusException(MilvusErrorCode.CollectionNotLoaded, $"Collection '{collection.Name}' is not loaded.");
        }
        if (_loadProgress.GetValueOrDefault(collection.Id) is { FailReason.Length: > 0 } failed && collection.LoadState == LoadState.Loading)
        {
            throw new MilvusException(MilvusErrorCode.ServiceInternal, $"Loading collection '{collection.Name}' failed: {failed.FailReason}");
        }
        return new GetLoadingProgressResponse { Progress = LoadPercent(collection) };
    });

    public Task<GetLoadStateResponse> GetLoadState(GetLoadStateRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var partitions = request.PartitionNames.Select(name => RequirePartition(collection, name)).ToList();
        var state = partitions.All(p => IsLoaded(collection, p)) ? collection.LoadState : LoadState.NotLoad;
        return new GetLoadStateResponse { State = state };
    });

    /// <summary>Records the load (Loading; <paramref name="partitionIds"/> empty = the whole collection) and tells the collection grain.</summary>
    private async Task<Func<Task>> StartLoadAsync(CollectionInfo collection, IEnumerable<long> partitionIds)
    {
        var loading = collection.Clone();
        loading.LoadState = LoadState.Loading;
        loading.LoadedPartitionIds.Clear();
        loading.LoadedPartitionIds.AddRange(partitionIds);
        await _catalog.CommitAsync(new CatalogChange().Put(loading));
        _loadProgress[loading.Id] = new LoadProgressReport { CollectionId = loading.Id };
        return () => NotifyAsync(loading, (grain, info) => grain.Load(info), nameof(ICollectionGrain.Load));
    }

    private async Task<Func<Task>> ReleaseAsync(CollectionInfo collection)
    {
        var released = collection.Clone();
        released.LoadState = LoadState.NotLoad;
        released.LoadedPartitionIds.Clear();
        await _catalog.CommitAsync(new CatalogChange().Put(released));
        _loadProgress.Remove(released.Id);
        return () => NotifyAsync(released, (grain, info) => grain.Release(info), nameof(ICollectionGrain.Release));
    }

    /// <summary>Milvus loads only collections whose vector fields all have an index (IndexNotFound, 700, otherwise).</summary>
    private static void RequireVectorIndexes(CollectionInfo collection)
    {
        foreach (var field in collection.Schema.Fields.Where(f => DataTypes.IsVector(f.DataType)))
        {
            if (collection.Indexes.All(i => i.FieldId != field.FieldID))
            {
                throw new MilvusException(MilvusErrorCode.IndexNotFound,
                    $"Vector field '{field.Name}' of collection '{collection.Name}' has no index; create one before loading.");
            }
        }
    }

    /// <summary>The ids of the partitions a loaded collection serves (every partition when it is loaded whole).</summary>
    private static IEnumerable<long> LoadedPartitions(CollectionInfo collection) =>
        collection.LoadedPartitionIds.Count == 0 ? collection.Partitions.Select(p => p.Id) : collection.LoadedPartitionIds;

    private static bool IsLoaded(CollectionInfo collection, PartitionInfo partition) =>
        collection.LoadState != LoadState.NotLoad && LoadedPartitions(collection).Contains(partition.Id);

    private long LoadPercent(CollectionInfo collection) => collection.LoadState switch
    {
        LoadState.Loaded => 100,
        LoadState.Loading => Math.Clamp(_loadProgress.GetValueOrDefault(collection.Id)?.Progress ?? 0, 0, 99),
        _ => 0,
    };
}
