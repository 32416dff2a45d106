using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class SegmentRegistryTests : CoordinatorTest
{
    [Fact]
    public async Task Segments_are_listed_by_partition_and_channel_and_compaction_replaces_its_inputs()
    {
        AssertSuccess(await Coordinator.CreateCollection(With(Simple("c"), r => r.ShardsNum = 2)));
        AssertSuccess(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p" }));
        var collection = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "c" })).Info;
        var first = await Save(collection, partition: 0, channel: 0, rows: 10);
        var second = await Save(collection, partition: 0, channel: 1, rows: 20);
        var third = await Save(collection, partition: 1, channel: 0, rows: 30);

        Assert.Equal([first, second, third], await List(collection.Id));
        Assert.Equal([first, second], await List(collection.Id, partition: collection.Partitions[0].Id));
        Assert.Equal([first, third], await List(collection.Id, channel: collection.VirtualChannels[0]));

        var persistent = await Coordinator.GetPersistentSegmentInfo(new GetPersistentSegmentInfoRequest { CollectionName = "c" });
        Assert.Equal([(first, 10L), (second, 20L), (third, 30L)], persistent.Infos.Select(i => (i.SegmentID, i.NumRows)));
        var flushed = new GetFlushStateRequest { CollectionName = "c", SegmentIDs = { first, second } };
        Assert.True((await Coordinator.GetFlushState(flushed)).Flushed);
        var unknown = new GetFlushStateRequest { CollectionName = "c", SegmentIDs = { first, third + 1000 } };
        Assert.False((await Coordinator.GetFlushState(unknown)).Flushed);

        // A merge across shards is refused, and nothing of it is recorded.
        var across = await Segment(collection, partition: 0, channel: 0, rows: 30, compactedFrom: [first, second]);
        AssertError(await Coordinator.SaveSegment(across), MilvusErrorCode.ParameterInvalid, $"replaces segment {second}");
        Assert.Equal([first, second, third], await List(collection.Id));

        var merged = await Save(collection, partition: 0, channel: 0, rows: 10, compactedFrom: [first]);
        Assert.Equal([second, third, merged], await List(collection.Id));
        Assert.True((await Coordinator.GetFlushState(flushed)).Flushed);
        // A second merge of a segment already replaced is refused: the registry holds the old set or the new one, never both.
        var again = await Segment(collection, partition: 0, channel: 0, rows: 10, compactedFrom: [first]);
        AssertError(await Coordinator.SaveSegment(again), MilvusErrorCode.ParameterInvalid, $"replaces segment {first}");

        // A dropped partition's segments no longer count.
        AssertSuccess(await Coordinator.DropPartition(new DropPartitionRequest { CollectionName = "c", PartitionName = "p" }));
        Assert.Equal([second, merged], await List(collection.Id));
    }

    [Fact]
    public async Task A_shard_s_stale_copy_neither_overwrites_index_entries_nor_revives_a_compacted_segment()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        var collection = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "c" })).Info;
        var compacted = await Save(collection, partition: 0, channel: 0, rows: 0);
        var merged = await Save(collection, partition: 0, channel: 0, rows: 0, compactedFrom: [compacted]);

        var stale = new SegmentInfo
        {
            Id = compacted,
            CollectionId = collection.Id,
            PartitionId = collection.Partitions[0].Id,
            VirtualChannel = collection.VirtualChannels[0],
            State = SegmentState.Flushed,
            DeltaLogs = { "delta_log/late" },
            Indexes = { new SegmentIndex { IndexId = 12345, BuildId = 1, State = IndexState.Finished } },
        };
        AssertSuccess(await Coordinator.SaveSegment(stale));
        var withIndex = stale.Clone();
        withIndex.Id = merged;
        AssertSuccess(await Coordinator.SaveSegment(withIndex));

        Assert.Equal([merged], await List(collection.Id));
        var listed = (await Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = collection.Id })).Segments.Single();
        Assert.Empty(listed.Indexes);
        Assert.Equal(["delta_log/late"], listed.DeltaLogs);
    }

    [Fact]
    public async Task Segments_of_unknown_collections_or_partitions_are_refused()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        var collection = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "c" })).Info;
        AssertError(await Coordinator.SaveSegment(new SegmentInfo { Id = 5, CollectionId = collection.Id + 1000, PartitionId = collection.Partitions[0].Id }),
            MilvusErrorCode.CollectionNotFound, (collection.Id + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertError(await Coordinator.SaveSegment(new SegmentInfo { Id = 5, CollectionId = collection.Id, PartitionId = 424242 }),
            MilvusErrorCode.PartitionNotFound, "424242");
        AssertError((await Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = 424242 })).Status, MilvusErrorCode.CollectionNotFound, "424242");
        Assert.Empty(await List(collection.Id));
    }

    private async Task<long> Save(CollectionInfo collection, int partition, int channel, long rows, long[]? compactedFrom = null)
    {
        var segment = await Segment(collection, partition, channel, rows, compactedFrom);
        AssertSuccess(await Coordinator.SaveSegment(segment));
        return segment.Id;
    }

    private async Task<SegmentInfo> Segment(CollectionInfo collection, int partition, int channel, long rows, long[]? compactedFrom = null)
    {
        var segment = new SegmentInfo
        {
            Id = (long)(await Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin,
            CollectionId = collection.Id,
            PartitionId = collection.Partitions[partition].Id,
            VirtualChannel = collection.VirtualChannels[channel],
            State = SegmentState.Flushed,
            NumRows = rows,
        };
        segment.CompactedFrom.AddRange(compactedFrom ?? []);
        return segment;
    }

    private async Task<List<long>> List(long collectionId, long partition = 0, string channel = "")
    {
        var request = new ListSegmentsRequest { CollectionId = collectionId, VirtualChannel = channel };
        if (partition != 0)
        {
            request.PartitionIds.Add(partition);
        }
        var response = await Coordinator.ListSegments(request);
        AssertSuccess(response.Status);
        return response.Segments.Select(s => s.Id).ToList();
    }
}
