using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Indexing;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Coordinator;

// Index build scheduling: a flushed segment that lacks an index defined on the collection gets a build. The registry
// records it InProgress under a fresh build id before the build starts; the builder runs outside any catalog change, and
// its result comes back through CompleteIndexBuild, a request of its own.
public sealed partial class CoordinatorGrain
{
    public Task CompleteIndexBuild(IndexBuildCompletion completion) => ChangeAsync(nameof(CompleteIndexBuild), async () =>
    {
        var result = completion.Result;
        if (State.FindCollection(completion.CollectionId) is not { } collection
            || collection.Indexes.All(i => i.IndexId != result.IndexId)
            || State.FindSegment(completion.SegmentId) is not { } segment
            || segment.CollectionId != collection.Id
            || segment.Indexes.FirstOrDefault(i => i.IndexId == result.IndexId) is not { State: IndexState.InProgress } expected
            || expected.BuildId != result.BuildId)
        {
            // Dropped meanwhile, or superseded by a newer build: the files of this one are garbage.
            return null;
        }
        if (result.State == IndexState.Failed)
        {
            Log.BuildFailed(_logger, result.BuildId, segment.Id, result.FailReason);
        }
        var updated = segment.Clone();
        updated.Indexes[segment.Indexes.IndexOf(expected)] = result;
        await _catalog.CommitAsync(new CatalogChange().Put(updated));
        return () => NotifyAsync(collection, (grain, _) => grain.SegmentUpdated(updated), nameof(ICollectionGrain.SegmentUpdated));
    });

    /// <summary>
    /// For each of <paramref name="segments"/> that is flushed and holds rows, one build per index it lacks. With
    /// <paramref name="reissue"/> (a new activation), also one per build still InProgress, which no activation waits for
    /// any more, and per failed build, which may have failed for a cause that has passed (a builder's silo went down).
    /// Returns the segment records to write (with the builds InProgress) and the builds to start once they are written.
    /// </summary>
    private async Task<(List<SegmentInfo> Segments, List<IndexBuildRequest> Builds)> PlanBuildsAsync(
        CollectionInfo collection, IEnumerable<SegmentInfo> segments, bool reissue)
    {
        var updatedSegments = new List<SegmentInfo>();
        var builds = new List<IndexBuildRequest>();
        foreach (var segment in segments.Where(s => s.State == SegmentState.Flushed && s.NumRows > 0).ToList())
        {
            SegmentInfo? updated = null;
            foreach (var index in collection.Indexes)
            {
                var existing = segment.Indexes.FirstOrDefault(i => i.IndexId == index.IndexId);
                if (existing is not null && !(reissue && existing.State is IndexState.InProgress or IndexState.Failed))
                {
                    continue;
                }
                updated ??= segment.Clone();
                if (updated.Indexes.FirstOrDefault(i => i.IndexId == index.IndexId) is { } superseded)
                {
                    updated.Indexes.Remove(superseded);
                }
                var build = new SegmentIndex { IndexId = index.IndexId, BuildId = await _storage.Ids.NextAsync(), State = IndexState.InProgress, FieldId = index.FieldId };
                updated.Indexes.Add(build);
                builds.Add(new IndexBuildRequest { BuildId = build.BuildId, Collection = collection, Segment = updated, Index = index });
            }
            if (updated is not null)
            {
                updatedSegments.Add(updated);
            }
        }
        return (updatedSegments, builds);
    }

    private void StartBuilds(List<IndexBuildRequest> builds)
    {
        foreach (var build in builds)
        {
            _ = RunBuildAsync(build);
        }
    }

    /// <summary>Runs one build in a free slot and reports its result to this grain as a new request; never throws.</summary>
    private async Task RunBuildAsync(IndexBuildRequest request)
    {
        var result = await BuildIndexAsync(request);
        try
        {
            await GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value).CompleteIndexBuild(new IndexBuildCompletion
            {
                CollectionId = request.Collection.Id,
                SegmentId = request.Segment.Id,
                Result = result,
            });
        }
        catch (Exception e)
        {
            Log.BuildResultLost(_logger, request.BuildId, e);
        }
    }

    /// <summary>Runs one build in a free slot; a builder that fails or cannot be reached gives a Failed result with the reason.</summary>
    private async Task<SegmentIndex> BuildIndexAsync(IndexBuildRequest request)
    {
        SegmentIndex result;
        await _buildSlots.WaitAsync();
        try
        {
            var response = await GrainFactory.GetGrain<IIndexBuilderGrain>(CoordinatorKey.Value).Build(request);
            result = response.Result ?? new SegmentIndex { State = IndexState.Failed, FailReason = response.Status?.Reason ?? "the index builder returned no result" };
            if (response.Status is { Code: not 0 } status && result.State != IndexState.Failed)
            {
                result = new SegmentIndex { State = IndexState.Failed, FailReason = status.Reason };
            }
        }
        catch (Exception e)
        {
            result = new SegmentIndex { State = IndexState.Failed, FailReason = e.Message };
        }
        finally
        {
            _buildSlots.Release();
        }
        result.IndexId = request.Index.IndexId;
        result.BuildId = request.BuildId;
        return result;
    }
}
