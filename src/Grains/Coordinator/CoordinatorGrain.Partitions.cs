using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Coordinator;

// Partitions: _default always exists (partition-key collections have _default_0.._default_{n-1} instead, managed by the key).
public sealed partial class CoordinatorGrain
{
    public Task<Status> CreatePartition(CreatePartitionRequest request) => ChangeAsync(nameof(CreatePartition), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        MilvusNames.Validate("partition", request.PartitionName);
        RejectPartitionKey(collection, "created");
        if (collection.Partitions.Any(p => p.Name == request.PartitionName))
        {
            // Creating an existing partition is idempotent, as in Milvus.
            return null;
        }
        if (collection.Partitions.Count >= CollectionSchemaRules.MaxPartitions)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Collection '{collection.Name}' already has {CollectionSchemaRules.MaxPartitions} partitions, the most allowed.");
        }
        var updated = collection.Clone();
        updated.Partitions.Add(new PartitionInfo
        {
            Id = await _storage.Ids.NextAsync(),
            Name = request.PartitionName,
            CreatedTimestamp = await NowAsync(),
        });
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => RefreshAsync(updated.Id);
    });

    public Task<Status> DropPartition(DropPartitionRequest request) => ChangeAsync(nameof(DropPartition), async () =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        if (request.PartitionName == DefaultPartition)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"The default partition '{DefaultPartition}' of collection '{collection.Name}' cannot be dropped.");
        }
        RejectPartitionKey(collection, "dropped");
        if (collection.Partitions.FirstOrDefault(p => p.Name == request.PartitionName) is not { } partition)
        {
            // Dropping is idempotent, as in Milvus.
            return null;
        }
        if (IsLoaded(collection, partition))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Partition '{partition.Name}' of collection '{collection.Name}' is loaded; release it before dropping it.");
        }
        // Its segments stop counting at once (they are no longer in a live partition); their files are garbage from now on.
        var updated = collection.Clone();
        updated.Partitions.Remove(updated.Partitions.First(p => p.Id == partition.Id));
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => RefreshAsync(updated.Id);
    });

    public Task<BoolResponse> HasPartition(HasPartitionRequest request) => ReadAsync(() => new BoolResponse
    {
        Value = RequireCollection(request.DbName, request.CollectionName).Partitions.Any(p => p.Name == request.PartitionName),
    });

    public Task<ShowPartitionsResponse> ShowPartitions(ShowPartitionsRequest request) => ReadAsync(() =>
    {
        var collection = request.CollectionID != 0 ? RequireCollection(request.CollectionID) : RequireCollection(request.DbName, request.CollectionName);
        IEnumerable<PartitionInfo> partitions = request.PartitionNames.Count > 0
            ? request.PartitionNames.Select(name => RequirePartition(collection, name))
            : collection.Partitions;
        if (request.Type == ShowType.InMemory)
        {
            partitions = partitions.Where(p => IsLoaded(collection, p));
        }
        var response = new ShowPartitionsResponse();
        foreach (var partition in partitions)
        {
            response.PartitionNames.Add(partition.Name);
            response.PartitionIDs.Add(partition.Id);
            response.CreatedTimestamps.Add(partition.CreatedTimestamp);
            response.CreatedUtcTimestamps.Add((ulong)HybridTimestamp.Physical(partition.CreatedTimestamp));
            response.InMemoryPercentages.Add(IsLoaded(collection, partition) ? LoadPercent(collection) : 0);
        }
        return response;
    });

    private static void RejectPartitionKey(CollectionInfo collection, string verb)
    {
        if (collection.Schema.Fields.FirstOrDefault(f => f.IsPartitionKey) is { } key)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Collection '{collection.Name}' is partitioned by its partition key '{key.Name}'; its partitions cannot be {verb} by hand.");
        }
    }
}
