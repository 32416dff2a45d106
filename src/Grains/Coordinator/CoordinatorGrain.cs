using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Grains.Diagnostics;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// The cluster's coordinator (Milvus's MixCoord): the catalog of databases, collections, partitions, aliases and index
/// definitions, load state, the TSO and id allocation, the segment registry, index build and compaction scheduling. The catalog is
/// loaded from the metadata store on activation, so another silo can take over after a crash.
/// <para>
/// The grain is reentrant so that nothing it calls can deadlock it (a shard that flushes calls SaveSegment while the
/// coordinator may be dropping that shard's collection). Catalog changes are serialized by a lock held only while
/// validating and committing; calls to collection grains run after the lock is released, with the state current then.
/// Readers need no lock: the state changes only in synchronous steps after a commit.
/// </para>
/// </summary>
[Reentrant]
[KeepAlive]
public sealed partial class CoordinatorGrain : Grain, ICoordinatorGrain
{
    public const string DefaultDatabase = "default";

    private readonly DatabaseStorage _storage;
    private readonly CoordinatorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CatalogStore _catalog;
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private readonly SemaphoreSlim _buildSlots;
    private readonly SemaphoreSlim _compactionSlots;

    public CoordinatorGrain(DatabaseStorage storage, IOptions<CoordinatorOptions> options, TimeProvider time, ILogger<CoordinatorGrain> logger)
    {
        _time = time;
        _storage = storage;
        _options = options.Value;
        _options.Validate();
        _logger = logger;
        _catalog = new CatalogStore(storage.Metadata, PublishSegmentCounts);
        _buildSlots = new SemaphoreSlim(_options.MaxConcurrentIndexBuilds);
        _compactionSlots = new SemaphoreSlim(_options.MaxConcurrentCompactions);
    }

    private CatalogState State => _catalog.State;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SegmentMetrics.Withdraw(this);
        return Task.CompletedTask;
    }

    /// <summary>The registry's segments by state for the segments gauge (flushed ones count as indexed once every defined index is built).</summary>
    private void PublishSegmentCounts(CatalogState state)
    {
        long flushed = 0, indexed = 0, dropped = 0;
        foreach (var collection in state.Collections)
        {
            foreach (var segment in state.SegmentsOf(collection.Id))
            {
                if (segment.State == SegmentState.Dropped)
                {
                    dropped++;
                }
                else if (collection.Indexes.Count > 0 && collection.Indexes.All(i => segment.Indexes.Any(s => s.IndexId == i.IndexId && s.State == IndexState.Finished)))
                {
                    indexed++;
                }
                else
                {
                    flushed++;
                }
            }
        }
        SegmentMetrics.Publish(this, _storage, new SegmentCounts(0, 0, flushed, indexed, dropped));
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await _catalog.LoadAsync(cancellationToken);
        if (State.FindDatabase(DefaultDatabase) is null)
        {
            await _catalog.CommitAsync(new CatalogChange().Put(new DatabaseInfo
            {
                Id = await _storage.Ids.NextAsync(cancellationToken),
                Name = DefaultDatabase,
                CreatedTimestamp = await _storage.Tso.GetTimestampAsync(cancellationToken),
            }));
        }
        Log.Activated(_logger, State.Collections.Count());
        await ResumeAsync();
        StartGarbageCollectionTimer();
        StartCompactionTimer();
    }

    /// <summary>
    /// Picks up what the previous activation left running: loads (collection grains on a restarted silo serve again),
    /// index builds that never reported back or failed (issued again under new build ids), and compaction runs.
    /// </summary>
    private async Task ResumeAsync()
    {
        var builds = new List<IndexBuildRequest>();
        var change = new CatalogChange();
        foreach (var collection in State.Collections.ToList())
        {
            var (updated, requests) = await PlanBuildsAsync(collection, LiveSegments(collection), reissue: true);
            updated.ForEach(s => change.Put(s));
            builds.AddRange(requests);
        }
        ResumeCompactionRuns(change);
        if (change.Writes.Count > 0)
        {
            await _catalog.CommitAsync(change);
        }
        foreach (var collection in State.Collections.Where(c => c.LoadState is LoadState.Loading or LoadState.Loaded).ToList())
        {
            await NotifyAsync(collection, (grain, info) => grain.Load(info), nameof(ICollectionGrain.Load));
        }
        StartBuilds(builds);
    }

    /// <summary>
    /// Runs one catalog change under the change lock and answers with its status. <paramref name="change"/> validates,
    /// commits and returns what to tell other grains afterwards, which runs once the lock is released.
    /// </summary>
    private async Task<Status> ChangeAsync(string operation, Func<Task<Func<Task>?>> change)
    {
        Func<Task>? after;
        await _changeLock.WaitAsync();
        try
        {
            after = await change();
        }
        catch (MilvusException e)
        {
            return e.ToStatus();
        }
        catch (CatalogConflictException e)
        {
            Log.Conflict(_logger, operation, e);
            DeactivateOnIdle();
            return MilvusStatus.Error(MilvusErrorCode.ServiceNotReady, $"{operation} failed: {e.Message} The coordinator reloads the catalog; retry.");
        }
        catch (Exception e)
        {
            Log.Failed(_logger, operation, e);
            return MilvusStatus.Error(MilvusErrorCode.ServiceInternal, $"{operation} failed: {e.Message}");
        }
        finally
        {
            _changeLock.Release();
        }
        if (after is not null)
        {
            await after();
        }
        return MilvusStatus.Success();
    }

    /// <summary>Answers a read from the current state; a <see cref="MilvusException"/> becomes the response's status.</summary>
    private static Task<TResponse> ReadAsync<TResponse>(Func<TResponse> read) where TResponse : IMilvusStatusResponse, new()
    {
        TResponse response;
        try
        {
            response = read();
            response.Status ??= MilvusStatus.Success();
        }
        catch (MilvusException e)
        {
            response = new TResponse { Status = e.ToStatus() };
        }
        return Task.FromResult(response);
    }

    /// <summary>Calls the collection's grain; a failure is logged, since the catalog change it reports is already durable.</summary>
    private async Task NotifyAsync(CollectionInfo collection, Func<ICollectionGrain, CollectionInfo, Task> call, string method)
    {
        try
        {
            await call(GrainFactory.GetGrain<ICollectionGrain>(collection.Id), collection);
        }
        catch (Exception e)
        {
            Log.NotifyFailed(_logger, method, collection.Id, e);
        }
    }

    /// <summary>Sends the collection's current record to its grain (the state when sent, so the last one sent is the newest).</summary>
    private Task RefreshAsync(long collectionId) =>
        State.FindCollection(collectionId) is { } collection
            ? NotifyAsync(collection, (grain, info) => grain.Refresh(info), nameof(ICollectionGrain.Refresh))
            : Task.CompletedTask;

    private static string DatabaseName(string name) => string.IsNullOrEmpty(name) ? DefaultDatabase : name;

    private DatabaseInfo RequireDatabase(string name) =>
        State.FindDatabase(DatabaseName(name))
        ?? throw new MilvusException(MilvusErrorCode.DatabaseNotFound, $"Database '{name}' does not exist.");

    /// <summary>The collection named by name or alias in the database; CollectionNotFound (100) when there is none.</summary>
    private CollectionInfo RequireCollection(string db, string name)
    {
        var database = RequireDatabase(db);
        if (string.IsNullOrEmpty(name))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, "The collection name must not be empty.");
        }
        return State.FindByName(database.Name, name) ?? State.FindByAlias(database.Name, name)
            ?? throw new MilvusException(MilvusErrorCode.CollectionNotFound, $"Collection '{name}' does not exist in database '{database.Name}'.");
    }

    private CollectionInfo RequireCollection(long id) =>
        State.FindCollection(id) ?? throw new MilvusException(MilvusErrorCode.CollectionNotFound, $"Collection {id} does not exist.");

    private static PartitionInfo RequirePartition(CollectionInfo collection, string name) =>
        collection.Partitions.FirstOrDefault(p => p.Name == name)
        ?? throw new MilvusException(MilvusErrorCode.PartitionNotFound, $"Partition '{name}' does not exist in collection '{collection.Name}'.");

    /// <summary>The collection's flushed segments that still count: not dropped, in a partition that still exists.</summary>
    private IEnumerable<SegmentInfo> LiveSegments(CollectionInfo collection) =>
        State.SegmentsOf(collection.Id).Where(s => s.State == SegmentState.Flushed && collection.Partitions.Any(p => p.Id == s.PartitionId));

    private async Task<ulong> NowAsync() => await _storage.Tso.GetTimestampAsync();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Coordinator activated with {Collections} collections")]
        public static partial void Activated(ILogger logger, int collections);

        [LoggerMessage(2, LogLevel.Error, "Coordinator {Operation} found the catalog changed by another activation; deactivating to reload")]
        public static partial void Conflict(ILogger logger, string operation, Exception exception);

        [LoggerMessage(3, LogLevel.Error, "Coordinator {Operation} failed")]
        public static partial void Failed(ILogger logger, string operation, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Coordinator could not call {Method} on collection {CollectionId}")]
        public static partial void NotifyFailed(ILogger logger, string method, long collectionId, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Index build {BuildId} of segment {SegmentId} failed: {Reason}")]
        public static partial void BuildFailed(ILogger logger, long buildId, long segmentId, string reason);

        [LoggerMessage(6, LogLevel.Warning, "The result of index build {BuildId} could not be recorded; the next activation issues the build again")]
        public static partial void BuildResultLost(ILogger logger, long buildId, Exception exception);

        [LoggerMessage(7, LogLevel.Information, "Garbage collection deleted {Deleted} files; kept {Recent} recent unreferenced and {Referenced} referenced ones")]
        public static partial void GarbageCollected(ILogger logger, long deleted, long recent, long referenced);

        [LoggerMessage(8, LogLevel.Information, "Compaction {CompactionId} started {Plans} plans")]
        public static partial void CompactionStarted(ILogger logger, long compactionId, int plans);

        [LoggerMessage(9, LogLevel.Information, "Compaction plan {PlanId} replaced {Sources} segments by segment {ResultId} ({Rows} rows)")]
        public static partial void CompactionPlanDone(ILogger logger, long planId, int sources, long resultId, long rows);

        [LoggerMessage(10, LogLevel.Warning, "Compaction plan {PlanId} failed; its sources stay")]
        public static partial void CompactionPlanFailed(ILogger logger, long planId, Exception exception);
    }
}
