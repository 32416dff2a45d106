using Google.Protobuf;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>GetCompactionState answers from the catalog, so a compaction's state outlives the coordinator that ran it.</summary>
public sealed class CompactionStateTests : DataPathTest
{
    private const int Dim = 8;
    private const int BatchRows = 50;

    protected override void ConfigureCoordinator(CoordinatorOptions options)
    {
        options.AutoCompaction = false;
        options.CompactionMinSegments = 2;
    }

    [Fact]
    public async Task A_finished_compaction_reports_the_same_state_after_a_restart()
    {
        var info = await CreateWithSegmentsAsync(segments: 3);
        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        Assert.True(started.Status.Code == 0, started.Status.Reason);
        var finished = await Silo.Coordinator.WaitForCompaction(StateRequest(started.CompactionID));
        Assert.Equal((CompactionState.Completed, 1L, 0L), (finished.State, finished.CompletedPlanNo, finished.FailedPlanNo));

        await RestartAsync();

        Assert.Equal(finished, await Silo.Coordinator.GetCompactionState(StateRequest(started.CompactionID)));
        var unknown = await Silo.Coordinator.GetCompactionState(StateRequest(started.CompactionID + 1_000_000));
        Assert.Equal(CompactionState.UndefiedState, unknown.State);
    }

    [Fact]
    public async Task Plans_running_when_the_coordinator_stopped_end_as_completed_when_their_segment_was_recorded_and_failed_otherwise()
    {
        var info = await CreateWithSegmentsAsync(segments: 2);
        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        await Silo.Coordinator.WaitForCompaction(StateRequest(started.CompactionID));
        var recorded = (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments.Single().Id;
        var neverRecorded = (long)(await Silo.Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin;
        var runId = (long)(await Silo.Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin;
        // What a coordinator leaves behind when it stops while two plans run: one swapped in and recorded, one not.
        var interrupted = new CompactionRunInfo
        {
            Id = runId,
            ResultSegmentIds = { recorded, neverRecorded },
            PlanStates = { CompactionPlanState.Executing, CompactionPlanState.Executing },
        };
        await Silo.Storage.Metadata.PutAsync(CatalogKeys.Compaction(runId), interrupted.ToByteArray());

        await RestartAsync();

        var state = await Silo.Coordinator.WaitForCompaction(StateRequest(runId));
        Assert.Equal((CompactionState.Completed, 0L, 1L, 1L), (state.State, state.ExecutingPlanNo, state.CompletedPlanNo, state.FailedPlanNo));
        // The ending is written back, so it does not depend on the registry still holding the segment later.
        var stored = CompactionRunInfo.Parser.ParseFrom((await Silo.Storage.Metadata.GetAsync(CatalogKeys.Compaction(runId)))!.Value.Span);
        Assert.Equal([CompactionPlanState.Completed, CompactionPlanState.Failed], stored.PlanStates);
    }

    private static GetCompactionStateRequest StateRequest(long id) => new() { CompactionID = id };

    /// <summary>A loaded collection with a FLAT index and <paramref name="segments"/> flushed, indexed segments in one shard.</summary>
    private async Task<CollectionInfo> CreateWithSegmentsAsync(int segments)
    {
        var data = SyntheticData.Clustered(segments * BatchRows, Dim, seed: 7);
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        await IndexAndLoadAsync("items", "vec", "L2", Pair("index_type", "FLAT"));
        var collection = Collection(info);
        for (var segment = 0; segment < segments; segment++)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", data, segment * BatchRows, BatchRows))).Status.Code);
            Assert.Equal(0, (await collection.Flush()).Status.Code);
        }
        Assert.Equal(segments, (await IndexedSegmentsAsync(info)).Count);
        return info;
    }
}
