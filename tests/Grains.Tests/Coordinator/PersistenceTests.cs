using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class PersistenceTests : CoordinatorTest
{
    [Fact]
    public async Task A_restarted_coordinator_reloads_the_whole_catalog_from_the_metadata_store()
    {
        AssertSuccess(await Coordinator.CreateDatabase(new CreateDatabaseRequest { DbName = "shop" }));
        AssertSuccess(await Coordinator.CreateCollection(With(Simple("items"), r => r.DbName = "shop")));
        AssertSuccess(await Coordinator.CreatePartition(new CreatePartitionRequest { DbName = "shop", CollectionName = "items", PartitionName = "p2026" }));
        AssertSuccess(await Coordinator.CreateAlias(new CreateAliasRequest { DbName = "shop", CollectionName = "items", Alias = "current" }));
        AssertSuccess(await Coordinator.CreateIndex(With(IndexRequest("items", "vector", ("index_type", "HNSW"), ("M", "8")), r => r.DbName = "shop")));
        AssertSuccess(await Coordinator.CreateCollection(Simple("dropped")));
        AssertSuccess(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "dropped" }));
        var before = (await Coordinator.GetCollection(new CollectionLookup { DbName = "shop", CollectionName = "items" })).Info;
        var segment = new SegmentInfo
        {
            Id = (long)(await Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin,
            CollectionId = before.Id,
            PartitionId = before.Partitions[1].Id,
            VirtualChannel = before.VirtualChannels[0],
            State = SegmentState.Flushed,
            NumRows = 0,
            Binlogs = { new FieldBinlog { FieldId = 101, ObjectKeys = { "insert_log/x" } } },
        };
        AssertSuccess(await Coordinator.SaveSegment(segment));
        var lastTimestamp = (await Coordinator.AllocTimestamp(new AllocTimestampRequest())).Timestamp;
        var lastId = (await Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin;

        await RestartAsync();

        Assert.Equal(["default", "shop"], (await Coordinator.ListDatabases(new ListDatabasesRequest())).DbNames);
        var after = await Coordinator.GetCollection(new CollectionLookup { DbName = "shop", CollectionName = "current" });
        AssertSuccess(after.Status);
        Assert.Equal(before, after.Info);
        Assert.False((await Coordinator.HasCollection(new HasCollectionRequest { CollectionName = "dropped" })).Value);
        var segments = await Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = before.Id });
        Assert.Equal(segment, segments.Segments.Single());
        Assert.Equal("HNSW", (await Coordinator.DescribeIndex(new DescribeIndexRequest { DbName = "shop", CollectionName = "items" }))
            .IndexDescriptions.Single().Params.Single(p => p.Key == "index_type").Value);
        Assert.True((await Coordinator.AllocTimestamp(new AllocTimestampRequest())).Timestamp > lastTimestamp);
        Assert.True((await Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin > lastId);
        // Names stay taken after the restart.
        AssertError(await Coordinator.CreateAlias(new CreateAliasRequest { DbName = "shop", CollectionName = "items", Alias = "items" }),
            MilvusErrorCode.AliasCollectionNameConflict, "items");
    }
}
