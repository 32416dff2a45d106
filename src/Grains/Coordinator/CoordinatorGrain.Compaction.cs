using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Compaction;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Interfaces.Shards;
using OrleansVector.Runtime.Timers;

namespace OrleansVector.Grains.Coordinator;

// Compaction scheduling: plans are chosen from the registry (CompactionPlanner), the segments they touch are claimed so no
// other plan takes them, and each plan runs outside any catalog change: a compactor writes the merged segment, its indexes
// are built like any segment's, and the owning shard swaps it in and records it (sources Dropped in the same
// transaction). Until then the merged segment's files are unreferenced, so garbage collection keeps the files of claimed
// segments whatever their age. Each run is a catalog record, written when it starts and as its plans end, so
// GetCompactionState answers the same after a coordinator restart.
public sealed partial class CoordinatorGrain
{
    private const int KeptCompactions = 1000;

    private readonly Dictionary<long, CompactionRun> _compactions = [];
    // Sources and results of the plans running now.
    private readonly HashSet<long> _compacting = [];
    // Results of plans that ended since the last garbage collection pass began: a pass that read the catalog before one
    // was recorded must still keep its files.
    private readonly HashSet<long> _compactedSinceCollection = [];

    public async Task<ManualCompactionResponse> ManualCompaction(ManualCompactionRequest request)
    {
        CompactionRun? run = null;
        var status = await ChangeAsync(nameof(ManualCompaction), async () =>
        {
            var collection = request.CollectionID != 0 ? RequireCollection(request.CollectionID) : RequireCollection(request.DbName, request.CollectionName);
            (run, var start) = await StartCompactionAsync([collection.Id]);
            return start;
        });
        return run is null
            ? new ManualCompactionResponse { Status = status }
            : new ManualCompactionResponse { Status = status, CompactionID = run.Id, CompactionPlanCount = run.Plans };
    }

    public Task<GetCompactionStateResponse> GetCompactionState(GetCompactionStateRequest request) =>
        Task.FromResult(_compactions.TryGetValue(request.CompactionID, out var run)
            ? WithStatus(run.ToState())
            : new GetCompactionStateResponse { Status = MilvusStatus.Success(), State = CompactionState.UndefiedState });

    public async Task<GetCompactionStateResponse> WaitForCompaction(GetCompactionStateRequest request)
    {
        if (_compactions.TryGetValue(request.CompactionID, out var run))
        {
            await run.Done;
        }
        return await GetCompactionState(request);
    }

    private static GetCompactionStateResponse WithStatus(GetCompactionStateResponse response)
    {
        response.Status = MilvusStatus.Success();
        return response;
    }

    private void StartCompactionTimer()
    {
        if (_options.AutoCompaction)
        {
            RegisterGrainTimer(async _ => await CompactOnTimerAsync(),
                new GrainTimerCreationOptions(_options.CompactionInterval, _options.CompactionInterval) { Interleave = true });
        }
    }

    private Task CompactOnTimerAsync() =>
        ChangeAsync("automatic compaction", async () => (await StartCompactionAsync([.. State.Collections.Select(c => c.Id)], onlyWithPlans: true)).Start);

    /// <summary>
    /// Plans the collections' compactions, claims their segments and records the run (under the change lock); answers
    /// with the run and what starts its plans once the lock is released, or with no run when nothing needs compacting
    /// and <paramref name="onlyWithPlans"/> asks for no run then.
    /// </summary>
    private async Task<(CompactionRun? Run, Func<Task>? Start)> StartCompactionAsync(IReadOnlyList<long> collectionIds, bool onlyWithPlans = false)
    {
        // Planned and claimed before any await, so two compactions never take the same segment.
        var planned = new List<CompactionPlan>();
        foreach (var collection in collectionIds.Select(State.FindCollection).OfType<CollectionInfo>())
        {
            foreach (var sources in CompactionPlanner.Plan(CompactionCandidates(collection), CompactionLimits.For(collection.Schema, _options), _options))
            {
                planned.Add(new CompactionPlan { Collection = collection, Sources = { sources } });
                _compacting.UnionWith(sources.Select(s => s.Id));
            }
        }
        if (planned.Count == 0 && onlyWithPlans)
        {
            return (null, null);
        }
        CompactionRun run;
        try
        {
            var info = new CompactionRunInfo { Id = await _storage.Ids.NextAsync() };
            // Rows deleted at or before this timestamp in the delta logs the plans carry are dropped; later deletes are carried over.
            var timestamp = await NowAsync();
            foreach (var plan in planned)
            {
                plan.PlanId = await _storage.Ids.NextAsync();
                plan.ResultSegmentId = await _storage.Ids.NextAsync();
                plan.Timestamp = timestamp;
                info.ResultSegmentIds.Add(plan.ResultSegmentId);
                info.PlanStates.Add(CompactionPlanState.Executing);
            }
            run = new CompactionRun(info);
            var change = new CatalogChange().Put(info);
            ForgetOldCompactions().ForEach(old => change.Delete(old.Info));
            await _catalog.CommitAsync(change);
        }
        catch
        {
            planned.ForEach(p => _compacting.ExceptWith(p.Sources.Select(s => s.Id)));
            throw;
        }
        _compactions[run.Id] = run;
        Log.CompactionStarted(_logger, run.Id, planned.Count);
        return (run, () =>
        {
            for (var plan = 0; plan < planned.Count; plan++)
            {
                _ = RunCompactionPlanAsync(run, plan, planned[plan]);
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Keeps the state of the last <see cref="KeptCompactions"/> compactions for GetCompactionState: removes older finished
    /// ones and answers them, for their records to be deleted.
    /// </summary>
    private List<CompactionRun> ForgetOldCompactions()
    {
        var forgotten = _compactions.Values.Where(r => r.Executing == 0).OrderBy(r => r.Id).SkipLast(KeptCompactions - 1).ToList();
        forgotten.ForEach(r => _compactions.Remove(r.Id));
        return forgotten;
    }

    /// <summary>
    /// Loads the runs of earlier activations from the catalog; plans that were executing when the previous activation
    /// stopped will never report, so they end now (see <see cref="CompactionRun.Interrupted"/>) and go into <paramref name="change"/>.
    /// </summary>
    private void ResumeCompactionRuns(CatalogChange change)
    {
        foreach (var info in State.CompactionRuns.ToList())
        {
            var ended = CompactionRun.Interrupted(info, segmentId => State.FindSegment(segmentId) is not null);
            if (ended is not null)
            {
                change.Put(ended);
            }
            _compactions[info.Id] = new CompactionRun(ended ?? info);
        }
    }

    /// <summary>Flushed segments with rows, not claimed by a running plan, whose indexes are all built (a build in flight would be wasted).</summary>
    private IEnumerable<SegmentInfo> CompactionCandidates(CollectionInfo collection) =>
        LiveSegments(collection).Where(s =>
            s.NumRows > 0
            && !_compacting.Contains(s.Id)
            && collection.Indexes.All(i => s.Indexes.Any(built => built.IndexId == i.IndexId && built.State == IndexState.Finished)));

    /// <summary>Runs one plan in a free slot: merge, index builds, swap by the shard. Never throws; the run records the outcome.</summary>
    private async Task RunCompactionPlanAsync(CompactionRun run, int planNumber, CompactionPlan plan)
    {
        var succeeded = false;
        await _compactionSlots.WaitAsync();
        try
        {
            _compacting.Add(plan.ResultSegmentId);
            var merged = await GrainFactory.GetGrain<ICompactorGrain>(CoordinatorKey.Value).Compact(plan);
            merged.Status.ThrowIfError();
            var result = merged.Result;
            if (result.State == SegmentState.Flushed)
            {
                await BuildCompactedIndexesAsync(plan, result);
            }
            (await GrainFactory.GetGrain<IShardGrain>(result.VirtualChannel).ReplaceCompacted(result)).ThrowIfError();
            succeeded = true;
            Log.CompactionPlanDone(_logger, plan.PlanId, plan.Sources.Count, result.Id, result.NumRows);
        }
        catch (Exception e)
        {
            // Nothing is recorded before the shard's swap: the sources stay, and the merged files become garbage.
            Log.CompactionPlanFailed(_logger, plan.PlanId, e);
        }
        finally
        {
            _compactionSlots.Release();
            _compacting.ExceptWith(plan.Sources.Select(s => s.Id));
            if (_compacting.Remove(plan.ResultSegmentId))
            {
                _compactedSinceCollection.Add(plan.ResultSegmentId);
            }
            run.PlanFinished(planNumber, succeeded);
        }
        // A run forgotten meanwhile has had its record deleted.
        await ChangeAsync("compaction state", async () =>
        {
            if (_compactions.ContainsKey(run.Id))
            {
                await _catalog.CommitAsync(new CatalogChange().Put(run.Info));
            }
            return null;
        });
    }

    /// <summary>Builds every index the collection defines on the merged segment before any search can reach it.</summary>
    private async Task BuildCompactedIndexesAsync(CompactionPlan plan, SegmentInfo result)
    {
        var collection = State.FindCollection(plan.Collection.Id) ?? plan.Collection;
        foreach (var index in collection.Indexes)
        {
            var built = await BuildIndexAsync(new IndexBuildRequest { BuildId = await _storage.Ids.NextAsync(), Collection = collection, Segment = result, Index = index });
            if (built.State != IndexState.Finished)
            {
                throw new InvalidOperationException($"Index '{index.IndexName}' of merged segment {result.Id} failed: {built.FailReason}");
            }
            result.Indexes.Add(built);
        }
    }
}
