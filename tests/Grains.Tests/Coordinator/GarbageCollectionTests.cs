using System.Text;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime.Hosting;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class GarbageCollectionTests : CoordinatorTest
{
    // No grace: every unreferenced file is garbage at once, and so are a compacted segment's files.
    protected override void ConfigureSilo(SiloBuilder builder) =>
        builder.Configure<CoordinatorOptions>(o => o.GarbageCollectionGracePeriod = TimeSpan.Zero);

    [Fact]
    public async Task Only_files_nothing_references_are_deleted()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        AssertSuccess(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "c", PartitionName = "old" }));
        AssertSuccess(await Coordinator.CreateCollection(Simple("gone")));
        var c = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "c" })).Info;
        var gone = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "gone" })).Info;

        var live = await SaveWithFiles(c, c.Partitions[0].Id);
        var compacted = await SaveWithFiles(c, c.Partitions[0].Id);
        var inOldPartition = await SaveWithFiles(c, c.Partitions[1].Id);
        var ofDroppedCollection = await SaveWithFiles(gone, gone.Partitions[0].Id);
        var merged = await SaveWithFiles(c, c.Partitions[0].Id, compactedFrom: compacted.Id);
        const string orphanIndex = "index_files/999/1/1/1/HNSW";
        await Put(orphanIndex);
        AssertSuccess(await Coordinator.DropPartition(new DropPartitionRequest { CollectionName = "c", PartitionName = "old" }));
        AssertSuccess(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "gone" }));

        var report = await Coordinator.CollectGarbage();
        AssertSuccess(report.Status);

        var remaining = await Keys();
        Assert.Equal(Files(live).Concat(Files(merged)).Order(StringComparer.Ordinal), remaining);
        Assert.Equal(Files(compacted).Length + Files(inOldPartition).Length + Files(ofDroppedCollection).Length + 1, report.DeletedObjects);
        Assert.Equal(remaining.Count, report.ReferencedObjects);
        // The compacted segment stays on record, without files.
        var flushed = new GetFlushStateRequest { SegmentIDs = { compacted.Id } };
        Assert.True((await Coordinator.GetFlushState(flushed)).Flushed);
        Assert.Equal(0, (await Coordinator.CollectGarbage()).DeletedObjects);
        Assert.DoesNotContain(orphanIndex, remaining);
    }

    private async Task<SegmentInfo> SaveWithFiles(CollectionInfo collection, long partitionId, long compactedFrom = 0)
    {
        var id = (long)(await Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin;
        var segment = new SegmentInfo
        {
            Id = id,
            CollectionId = collection.Id,
            PartitionId = partitionId,
            VirtualChannel = collection.VirtualChannels[0],
            State = SegmentState.Flushed,
            NumRows = 0,
            Binlogs = { new FieldBinlog { FieldId = 100, ObjectKeys = { $"insert_log/{collection.Id}/{partitionId}/{id}/100/1" } } },
            DeltaLogs = { $"delta_log/{collection.Id}/{partitionId}/{id}/1" },
            StatsLogs = { $"stats_log/{collection.Id}/{partitionId}/{id}/100/1" },
        };
        if (compactedFrom != 0)
        {
            segment.CompactedFrom.Add(compactedFrom);
        }
        foreach (var key in Files(segment))
        {
            await Put(key);
        }
        AssertSuccess(await Coordinator.SaveSegment(segment));
        return segment;
    }

    private static string[] Files(SegmentInfo segment) =>
        [.. segment.Binlogs.SelectMany(b => b.ObjectKeys), .. segment.DeltaLogs, .. segment.StatsLogs];

    private Task Put(string key) => Silo.Storage.Objects.PutAsync(key, Encoding.UTF8.GetBytes(key));

    private async Task<List<string>> Keys()
    {
        var keys = new List<string>();
        await foreach (var item in Silo.Storage.Objects.ListAsync(""))
        {
            keys.Add(item.Key);
        }
        return keys.Order(StringComparer.Ordinal).ToList();
    }
}

public sealed class GarbageCollectionGraceTests : CoordinatorTest
{
    [Fact]
    public async Task Unreferenced_files_younger_than_the_grace_period_are_kept()
    {
        await Silo.Storage.Objects.PutAsync("insert_log/1/2/3/100/1", new byte[] { 1 });
        var report = await Coordinator.CollectGarbage();
        AssertSuccess(report.Status);
        Assert.Equal((0L, 1L), (report.DeletedObjects, report.RecentObjects));
        Assert.NotNull(await Silo.Storage.Objects.GetInfoAsync("insert_log/1/2/3/100/1"));
    }
}
