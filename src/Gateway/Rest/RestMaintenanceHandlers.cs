using System.Text.Json.Nodes;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// REST v2 collections/flush (answers once the sealed segments are flushed, as Milvus's REST flush waits on
/// GetFlushState), collections/compact ({compactionID}) and collections/get_compaction_state (by jobID).
/// </summary>
public sealed class RestMaintenanceHandlers(MilvusCatalogService catalog, MilvusDataService data, TimeProvider time)
{
    /// <summary>How often flush asks whether its segments are flushed: the coordinator offers no event to wait on.</summary>
    private static readonly TimeSpan FlushPoll = TimeSpan.FromMilliseconds(100);

    public IEnumerable<(string Route, Func<RestCall, Task<JsonNode?>> Handler)> Routes() =>
    [
        ("collections/flush", Flush),
        ("collections/compact", Compact),
        ("collections/get_compaction_state", CompactionState),
    ];

    private async Task<JsonNode?> Flush(RestCall call)
    {
        var name = call.RequiredString("collectionName");
        var flushed = await data.Flush(RestCatalogHandlers.Prepared(call, new FlushRequest { CollectionNames = { name } }));
        MilvusStatusCheck.ThrowIfFailed(flushed.Status);
        var state = RestCatalogHandlers.Prepared(call, new GetFlushStateRequest
        {
            CollectionName = name,
            FlushTs = flushed.CollFlushTs[name],
            SegmentIDs = { flushed.CollSegIDs[name].Data },
        });
        while (true)
        {
            var response = await catalog.Coordinator.GetFlushState(state);
            MilvusStatusCheck.ThrowIfFailed(response.Status);
            if (response.Flushed)
            {
                return new JsonObject();
            }
            await Task.Delay(FlushPoll, time, call.CancellationToken);
        }
    }

    private async Task<JsonNode?> Compact(RestCall call)
    {
        var response = await catalog.Coordinator.ManualCompaction(
            RestCatalogHandlers.Prepared(call, new ManualCompactionRequest { CollectionName = call.RequiredString("collectionName") }));
        MilvusStatusCheck.ThrowIfFailed(response.Status);
        return new JsonObject { ["compactionID"] = response.CompactionID };
    }

    private async Task<JsonNode?> CompactionState(RestCall call)
    {
        var id = RestCall.Number(call.Body, "jobID") ?? throw RestCall.Missing("jobID");
        var response = await catalog.Coordinator.GetCompactionState(new GetCompactionStateRequest { CompactionID = id });
        MilvusStatusCheck.ThrowIfFailed(response.Status);
        return new JsonObject
        {
            ["compactionID"] = id,
            ["state"] = response.State switch
            {
                Grains.Interfaces.Protocol.CompactionState.Executing => "Executing",
                Grains.Interfaces.Protocol.CompactionState.Completed => "Completed",
                _ => "UndefiedState", // Milvus's own spelling of common.CompactionState 0
            },
            ["executingPlanNumber"] = response.ExecutingPlanNo,
            ["timeoutPlanNumber"] = response.TimeoutPlanNo,
            ["completedPlanNumber"] = response.CompletedPlanNo,
        };
    }
}
