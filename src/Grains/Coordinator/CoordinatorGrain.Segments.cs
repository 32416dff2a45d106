using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Coordinator;

// The segment registry: sealed segments' files and states, recorded by the shards and read by the data path.
public sealed partial class CoordinatorGrain
{
    public Task<Status> SaveSegment(SegmentInfo segment) => ChangeAsync(nameof(SaveSegment), async () =>
    {
        var collection = RequireCollection(segment.CollectionId);
        if (segment.Id <= 0)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Segment id {segment.Id} is invalid; ids come from AllocateIds.");
        }
        RequirePartitionId(collection, segment.PartitionId);
        var existing = State.FindSegment(segment.Id);
        if (existing is not null && existing.CollectionId != segment.CollectionId)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                $"Segment {segment.Id} belongs to collection {existing.CollectionId}, not {segment.CollectionId}.");
        }
        var record = segment.Clone();
        if (existing is not null)
        {
            // Index builds and drops are the registry's own record; a shard's copy of them may be stale.
            record.Indexes.Clear();
            record.Indexes.AddRange(existing.Indexes);
            if (existing.State == SegmentState.Dropped)
            {
                record.State = SegmentState.Dropped;
                record.DroppedTimestamp = existing.DroppedTimestamp;
            }
        }
        var change = new CatalogChange();
        if (existing is null && record.CompactedFrom.Count > 0)
        {
            await DropCompactedAsync(record, change);
        }
        var (planned, builds) = await PlanBuildsAsync(collection, [record], reissue: false);
        change.Put(planned.Count > 0 ? planned[0] : record);
        await _catalog.CommitAsync(change);
        return () =>
        {
            StartBuilds(builds);
            return Task.CompletedTask;
        };
    });

    /// <summary>
    /// A compaction's result replaces its sources in the same transaction: each source becomes Dropped (its files garbage a
    /// grace period later). The shard that saves the result has swapped it in itself, so no one is told. Every source must
    /// still be a flushed segment of the result's shard and partition; otherwise nothing is written (the old set stays).
    /// </summary>
    private async Task DropCompactedAsync(SegmentInfo result, CatalogChange change)
    {
        var now = await NowAsync();
        foreach (var id in result.CompactedFrom)
        {
            if (State.FindSegment(id) is not { State: SegmentState.Flushed } source
                || source.CollectionId != result.CollectionId
                || source.PartitionId != result.PartitionId
                || source.VirtualChannel != result.VirtualChannel)
            {
                throw new MilvusException(MilvusErrorCode.ParameterInvalid,
                    $"Segment {result.Id} replaces segment {id}, which is not a flushed segment of partition {result.PartitionId} in shard {result.VirtualChannel}.");
            }
            var dropped = source.Clone();
            dropped.State = SegmentState.Dropped;
            dropped.DroppedTimestamp = now;
            change.Put(dropped);
        }
        if (result.State == SegmentState.Dropped)
        {
            // Nothing survived the compaction: the result is on record only to drop the sources.
            result.DroppedTimestamp = now;
        }
    }

    public Task<ListSegmentsResponse> ListSegments(ListSegmentsRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.CollectionId);
        var response = new ListSegmentsResponse();
        response.Segments.AddRange(State.SegmentsOf(collection.Id).Where(s =>
            s.State != SegmentState.Dropped
            && collection.Partitions.Any(p => p.Id == s.PartitionId)
            && (request.PartitionIds.Count == 0 || request.PartitionIds.Contains(s.PartitionId))
            && (request.VirtualChannel.Length == 0 || s.VirtualChannel == request.VirtualChannel)));
        return response;
    });

    public Task<GetPersistentSegmentInfoResponse> GetPersistentSegmentInfo(GetPersistentSegmentInfoRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var response = new GetPersistentSegmentInfoResponse();
        foreach (var segment in LiveSegments(collection))
        {
            response.Infos.Add(new PersistentSegmentInfo
            {
                SegmentID = segment.Id,
                CollectionID = segment.CollectionId,
                PartitionID = segment.PartitionId,
                NumRows = segment.NumRows,
                State = segment.State,
                Level = SegmentLevel.L1,
            });
        }
        return response;
    });

    public Task<GetQuerySegmentInfoResponse> GetQuerySegmentInfo(GetQuerySegmentInfoRequest request) => ReadAsync(() =>
    {
        var collection = RequireCollection(request.DbName, request.CollectionName);
        var response = new GetQuerySegmentInfoResponse();
        if (collection.LoadState == LoadState.NotLoad)
        {
            return response;
        }
        var loaded = LoadedPartitions(collection).ToHashSet();
        foreach (var segment in LiveSegments(collection).Where(s => loaded.Contains(s.PartitionId)))
        {
            var built = collection.Indexes.FirstOrDefault(i => segment.Indexes.Any(s => s.IndexId == i.IndexId && s.State == IndexState.Finished));
            response.Infos.Add(new QuerySegmentInfo
            {
                SegmentID = segment.Id,
                CollectionID = segment.CollectionId,
                PartitionID = segment.PartitionId,
                NumRows = segment.NumRows,
                State = segment.State,
                IndexName = built?.IndexName ?? "",
                IndexID = built?.IndexId ?? 0,
                Level = SegmentLevel.L1,
            });
        }
        return response;
    });

    /// <summary>Flushed when every named segment is recorded as flushed (or was since compacted away).</summary>
    public Task<GetFlushStateResponse> GetFlushState(GetFlushStateRequest request) => ReadAsync(() =>
    {
        if (request.CollectionName.Length > 0)
        {
            RequireCollection(request.DbName, request.CollectionName);
        }
        var flushed = request.SegmentIDs.All(id => State.FindSegment(id) is { State: SegmentState.Flushed or SegmentState.Dropped });
        return new GetFlushStateResponse { Flushed = flushed };
    });

    private static void RequirePartitionId(CollectionInfo collection, long partitionId)
    {
        if (collection.Partitions.All(p => p.Id != partitionId))
        {
            throw new MilvusException(MilvusErrorCode.PartitionNotFound, $"Partition {partitionId} does not exist in collection '{collection.Name}'.");
        }
    }
}
