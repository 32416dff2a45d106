using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime;

namespace OrleansVector.Gateway.Tests;

/// <summary>REST v2 collections/flush, compact and get_compaction_state over the real grains.</summary>
public sealed class RestMaintenanceTests
{
    [Fact]
    public async Task Flush_answers_once_the_rows_are_in_flushed_segments_and_a_compaction_reports_its_state()
    {
        await using var server = await GatewayTestServer.StartAsync();
        var rest = new RestClient(server.Client);
        await rest.PostAsync("collections/create", new JsonObject { ["collectionName"] = "kept", ["dimension"] = 2 });
        await rest.PostAsync("entities/insert", new JsonObject
        {
            ["collectionName"] = "kept",
            ["data"] = new JsonArray(Enumerable.Range(0, 20).Select(i => (JsonNode)new JsonObject { ["id"] = i, ["vector"] = new JsonArray(i, 1) }).ToArray()),
        });

        var flushed = await rest.PostAsync("collections/flush", new JsonObject { ["collectionName"] = "kept" });
        var segments = (await server.CallAsync(GrpcReply.Milvus + "GetPersistentSegmentInfo",
            GrpcReply.Frame(new GetPersistentSegmentInfoRequest { CollectionName = "kept" }))).Single(GetPersistentSegmentInfoResponse.Parser);
        var compaction = await rest.PostAsync("collections/compact", new JsonObject { ["collectionName"] = "kept" });
        var id = (long)compaction!["compactionID"]!;
        var coordinator = server.Services.GetRequiredService<IGrainFactory>().GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
        await coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = id });
        var state = await rest.PostAsync("collections/get_compaction_state", new JsonObject { ["jobID"] = id });
        var (missingCode, _) = await rest.FailAsync("collections/get_compaction_state", []);

        Assert.Equal("{}", flushed!.ToJsonString());
        Assert.NotEmpty(segments.Infos);
        Assert.Equal(20, segments.Infos.Sum(s => s.NumRows));
        Assert.All(segments.Infos, s => Assert.Equal(SegmentState.Flushed, s.State));
        Assert.True(id > 0, compaction.ToJsonString());
        Assert.Equal("Completed", (string?)state!["state"]);
        Assert.Equal(id, (long)state["compactionID"]!);
        Assert.Equal(1802, missingCode);
    }
}
