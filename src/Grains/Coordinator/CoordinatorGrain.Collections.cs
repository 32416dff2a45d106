using OrleansVector.Grains.Interfaces.Channels;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Schema;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Coordinator;

// Collections: create with Milvus's schema rules, drop, has, describe, show, rename, alter properties, lookup.
public sealed partial class CoordinatorGrain
{
    public const string DefaultPartition = "_default";

    public Task<Status> CreateCollection(CreateCollectionRequest request) => ChangeAsync(nameof(CreateCollection), async () =>
    {
        var database = RequireDatabase(request.DbName);
        request.DbName = database.Name;
        var created = CollectionSchemaRules.Validate(request);
        CollectionProperties.Validate(request.Properties);
        if (State.FindByName(database.Name, request.CollectionName) is { } existing)
        {
            // Creating the same collection again succeeds, as in Milvus; a different one under the same name does not.
            return existing.Schema.Equals(created.Schema) && existing.VirtualChannels.Count == created.ShardsNum
                ? null
                : throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                    $"Collection '{request.CollectionName}' already exists in database '{database.Name}' with a different schema.");
        }
        if (State.FindByAlias(database.Name, request.CollectionName) is not null)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"'{request.CollectionName}' is already an alias in database '{database.Name}'.");
        }
        if (State.Collections.Count() >= _options.MaxCollections)
        {
            throw new MilvusException(MilvusErrorCode.CollectionNumLimitExceeded, $"There are already {_options.MaxCollections} collections, the most allowed.");
        }
        var id = await _storage.Ids.NextAsync();
        var timestamp = await NowAsync();
        var collection = new CollectionInfo
        {
            Id = id,
            DbId = database.Id,
            DbName = database.Name,
            Name = request.CollectionName,
            Schema = created.Schema,
            ConsistencyLevel = request.ConsistencyLevel,
            CreatedTimestamp = timestamp,
            LoadState = LoadState.NotLoad,
            NumPartitions = created.Schema.Fields.Any(f => f.IsPartitionKey) ? created.NumPartitions : 0,
        };
        collection.Properties.AddRange(request.Properties);
        for (var shard = 0; shard < created.ShardsNum; shard++)
        {
            var physical = (int)((id + shard) % _options.PhysicalChannelCount);
            collection.VirtualChannels.Add(new VirtualChannelName(_options.ChannelPrefix, physical, id, shard).ToString());
        }
        var partitionIds = await _storage.Ids.AllocateAsync(created.NumPartitions);
        for (var i = 0; i < created.NumPartitions; i++)
        {
            collection.Partitions.Add(new PartitionInfo
            {
                Id = partitionIds.Start + i,
                Name = collection.NumPartitions > 0 ? $"{DefaultPartition}_{i}" : DefaultPartition,
                CreatedTimestamp = timestamp,
            });
        }
        await _catalog.CommitAsync(new CatalogChange().Put(collection));
        return () => RefreshAsync(id);
    });

    public Task<Status> DropCollection(DropCollectionRequest request) => ChangeAsync(nameof(DropCollection), async () =>
    {
        var database = RequireDatabase(request.DbName);
        if (State.FindByAlias(database.Name, request.CollectionName) is { } aliased)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"'{request.CollectionName}' is an alias of collection '{aliased.Name}'; a collection cannot be dropped through an alias.");
        }
        if (State.FindByName(database.Name, request.CollectionName) is not { } collection)
        {
            // Dropping is idempotent, as in Milvus.
            return null;
        }
        if (collection.Aliases.Count > 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Collection '{collection.Name}' has aliases ({string.Join(", ", collection.Aliases)}); drop them before the collection.");
        }
        await _catalog.CommitAsync(new CatalogChange().Drop(collection));
        _loadProgress.Remove(collection.Id);
        return () => NotifyAsync(collection, (grain, info) => grain.Drop(info), nameof(ICollectionGrain.Drop));
    });

    public Task<BoolResponse> HasCollection(HasCollectionRequest request) => ReadAsync(() =>
    {
        var database = RequireDatabase(request.DbName);
        var exists = State.FindByName(database.Name, request.CollectionName) is not null
            || State.FindByAlias(database.Name, request.CollectionName) is not null;
        return new BoolResponse { Value = exists };
    });

    public Task<DescribeCollectionResponse> DescribeCollection(DescribeCollectionRequest request) => ReadAsync(() =>
    {
        var collection = request.CollectionID != 0 ? RequireCollection(request.CollectionID) : RequireCollection(request.DbName, request.CollectionName);
        var schema = collection.Schema.Clone();
        // SDKs see neither the dynamic field nor system fields, as Milvus hides them.
        foreach (var hidden in schema.Fields.Where(f => f.IsDynamic).ToList())
        {
            schema.Fields.Remove(hidden);
        }
        var response = new DescribeCollectionResponse
        {
            Schema = schema,
            CollectionID = collection.Id,
            CollectionName = collection.Name,
            DbName = collection.DbName,
            DbId = collection.DbId,
            CreatedTimestamp = collection.CreatedTimestamp,
            CreatedUtcTimestamp = (ulong)HybridTimestamp.Physical(collection.CreatedTimestamp),
            ShardsNum = collection.VirtualChannels.Count,
            ConsistencyLevel = collection.ConsistencyLevel,
            NumPartitions = collection.Partitions.Count,
            UpdateTimestamp = collection.CreatedTimestamp,
            UpdateTimestampStr = collection.CreatedTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        response.VirtualChannelNames.AddRange(collection.VirtualChannels);
        response.PhysicalChannelNames.AddRange(collection.VirtualChannels.Select(c => VirtualChannelName.Parse(c).PhysicalName));
        response.Aliases.AddRange(collection.Aliases);
        response.Properties.AddRange(collection.Properties);
        return response;
    });

    public Task<ShowCollectionsResponse> ShowCollections(ShowCollectionsRequest request) => ReadAsync(() =>
    {
        var database = RequireDatabase(request.DbName);
        IEnumerable<CollectionInfo> collections = request.CollectionNames.Count > 0
            ? request.CollectionNames.Select(name => RequireCollection(database.Name, name))
            : State.CollectionsOf(database.Name);
        if (request.Type == ShowType.InMemory)
        {
            collections = collections.Where(c => c.LoadState != LoadState.NotLoad);
        }
        var response = new ShowCollectionsResponse();
        foreach (var collection in collections)
        {
            response.CollectionNames.Add(collection.Name);
            response.CollectionIds.Add(collection.Id);
            response.CreatedTimestamps.Add(collection.CreatedTimestamp);
            response.CreatedUtcTimestamps.Add((ulong)HybridTimestamp.Physical(collection.CreatedTimestamp));
            response.InMemoryPercentages.Add(LoadPercent(collection));
            response.QueryServiceAvailable.Add(collection.LoadState == LoadState.Loaded);
            response.ShardsNum.Add(collection.VirtualChannels.Count);
        }
        return response;
    });

    public Task<Status> RenameCollection(RenameCollectionRequest request) => ChangeAsync(nameof(RenameCollection), async () =>
    {
        var database = RequireDatabase(request.DbName);
        var collection = State.FindByName(database.Name, request.OldName)
            ?? throw new MilvusException(MilvusErrorCode.CollectionNotFound, $"Collection '{request.OldName}' does not exist in database '{database.Name}'.");
        var target = string.IsNullOrEmpty(request.NewDBName) ? database : RequireDatabase(request.NewDBName);
        MilvusNames.Validate("collection", request.NewName);
        if (State.FindByName(target.Name, request.NewName) is not null || State.FindByAlias(target.Name, request.NewName) is not null)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"The name '{request.NewName}' is already taken in database '{target.Name}'.");
        }
        if (target.Name != database.Name && collection.Aliases.Count > 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Collection '{collection.Name}' has aliases ({string.Join(", ", collection.Aliases)}); drop them before moving it to database '{target.Name}'.");
        }
        var renamed = collection.Clone();
        renamed.Name = request.NewName;
        renamed.DbName = target.Name;
        renamed.DbId = target.Id;
        renamed.Schema.Name = request.NewName;
        renamed.Schema.DbName = target.Name;
        await _catalog.CommitAsync(new CatalogChange().Put(renamed));
        return () => RefreshAsync(renamed.Id);
    });

    public Task<Status> AlterCollection(AlterCollectionRequest request) => ChangeAsync(nameof(AlterCollection), async () =>
    {
        var collection = request.CollectionID != 0 ? RequireCollection(request.CollectionID) : RequireCollection(request.DbName, request.CollectionName);
        CollectionProperties.Validate(request.Properties);
        var altered = collection.Clone();
        CollectionProperties.Apply(altered.Properties, request.Properties, request.DeleteKeys);
        await _catalog.CommitAsync(new CatalogChange().Put(altered));
        return () => RefreshAsync(altered.Id);
    });

    public Task<CollectionInfoResponse> GetCollection(CollectionLookup lookup) => ReadAsync(() => new CollectionInfoResponse
    {
        Info = lookup.CollectionId != 0 ? RequireCollection(lookup.CollectionId) : RequireCollection(lookup.DbName, lookup.CollectionName),
    });
}
