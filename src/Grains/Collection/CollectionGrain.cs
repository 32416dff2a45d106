using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Interfaces.Shards;
using OrleansVector.Grains.Rows;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Collection;

/// <summary>
/// A collection's data path (Milvus's proxy work for one collection): validates and routes writes to shards, fans reads
/// out to every shard and reduces their answers. Holds only a cached copy of the collection, refreshed by the
/// coordinator; reentrant, since the shards order the writes.
/// </summary>
[Reentrant]
public sealed partial class CollectionGrain(IOptions<DataPathOptions> options, TimeProvider time, ILogger<CollectionGrain> logger) : Grain, ICollectionGrain
{
    private readonly DataPathOptions _options = options.Value;
    private readonly RecentTimestamp _recent = new(time, TimeSpan.FromTicks(Math.Min(options.Value.BoundedTimestampReuse.Ticks, options.Value.BoundedStaleness.Ticks)));
    private readonly Dictionary<string, IShardGrain> _shards = new(StringComparer.Ordinal);
    private CollectionInfo? _collection;
    private SchemaView? _schema;
    private Func<Task<ulong>>? _allocateTimestamp;
    private Func<ValueTask<ulong>>? _estimateNow;

    private ICoordinatorGrain Coordinator => GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);

    public Task Refresh(CollectionInfo collection)
    {
        Use(collection);
        return Task.CompletedTask;
    }

    public async Task Load(CollectionInfo collection)
    {
        Use(collection);
        var channels = collection.VirtualChannels;
        var loaded = 0;
        try
        {
            await Task.WhenAll(channels.Select(async channel =>
            {
                var statistics = await Shard(channel).Load(collection);
                statistics.Status.ThrowIfError();
                var progress = (int)(Interlocked.Increment(ref loaded) * 100L / channels.Count);
                if (progress < 100)
                {
                    await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = collection.Id, Progress = progress });
                }
            }));
            LogLoaded(logger, collection.Name, channels.Count);
            await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = collection.Id, Progress = 100 });
        }
        catch (Exception e)
        {
            LogLoadFailed(logger, e, collection.Name);
            await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = collection.Id, Progress = loaded * 100 / Math.Max(1, channels.Count), FailReason = e.Message });
        }
    }

    public Task Release(CollectionInfo collection)
    {
        Use(collection);
        return Task.CompletedTask;
    }

    public Task SegmentUpdated(SegmentInfo segment) => Shard(segment.VirtualChannel).SegmentUpdated(segment);

    public async Task Drop(CollectionInfo collection)
    {
        Use(collection);
        await Task.WhenAll(collection.VirtualChannels.Select(channel => Shard(channel).Drop(collection)));
        LogDropped(logger, collection.Name);
        DeactivateOnIdle();
    }

    private void Use(CollectionInfo collection)
    {
        _collection = collection;
        _schema = new SchemaView(collection);
    }

    /// <summary>The cached collection, fetched from the coordinator when missing or when <paramref name="refresh"/> asks.</summary>
    private ValueTask<(CollectionInfo Collection, SchemaView Schema)> CurrentAsync(bool refresh = false) =>
        _collection is null || refresh ? new(FetchAsync()) : new((_collection, _schema!));

    private async Task<(CollectionInfo Collection, SchemaView Schema)> FetchAsync()
    {
        var found = await Coordinator.GetCollection(new CollectionLookup { CollectionId = GetPrimaryKeyLong() });
        found.Status.ThrowIfError();
        Use(found.Info);
        return (_collection!, _schema!);
    }

    // One reference per channel for the activation's life: a grain reference is a proxy object, and a search asks for one per shard.
    private IShardGrain Shard(string channel)
    {
        if (!_shards.TryGetValue(channel, out var shard))
        {
            shard = GrainFactory.GetGrain<IShardGrain>(channel);
            _shards.Add(channel, shard);
        }
        return shard;
    }

    /// <summary>Runs a request, answering a Milvus error (or a bad argument) as a status instead of throwing.</summary>
    private static async Task<TResponse> GuardAsync<TResponse>(Func<Task<TResponse>> body, Func<Status, TResponse> failed)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (IsRequestError(e))
        {
            return failed(RequestErrorStatus(e));
        }
    }

    /// <summary>A Milvus error or a bad argument: the request's fault, answered as a status.</summary>
    private static bool IsRequestError(Exception e) => e is MilvusException or ArgumentException;

    private static Status RequestErrorStatus(Exception e) =>
        e is MilvusException milvus ? milvus.ToStatus() : MilvusStatus.Error(MilvusErrorCode.ParameterInvalid, e.Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection {Collection} loaded on {Shards} shards")]
    private static partial void LogLoaded(ILogger logger, string collection, int shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading collection {Collection} failed")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection {Collection} dropped its shards")]
    private static partial void LogDropped(ILogger logger, string collection);
}
