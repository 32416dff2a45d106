using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Tests.Data;
using TestRows = OrleansVector.Grains.Tests.Data.Rows;
using OrleansVector.Index.Datasets;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

/// <summary>Index builds the coordinator schedules, run by the real index builder on segments the real shards flushed.</summary>
public sealed class IndexBuildTests : DataPathTest
{
    private const int Dim = 16;

    [Fact]
    public async Task Flushed_segments_get_the_index_built_including_segments_flushed_after_the_index_was_defined()
    {
        var data = SyntheticData.Clustered(3000, Dim, seed: 3);
        var info = await CreateAsync("items", TestRows.Schema(Dim), shards: 1);
        var collection = Collection(info);
        AssertSuccess((await collection.Insert(TestRows.Insert("items", data, 0, 2000))).Status);
        AssertSuccess((await collection.Flush()).Status);

        AssertSuccess(await Silo.Coordinator.CreateIndex(IndexRequest("items", "vec", ("index_type", "HNSW"), ("metric_type", "L2"), ("M", "8"))));
        await WaitUntilIndexedAsync(totalRows: 2000);

        // A segment flushed later is built because SaveSegment finds it lacking the index.
        AssertSuccess((await collection.Insert(TestRows.Insert("items", data, 2000, 1000))).Status);
        AssertSuccess((await collection.Flush()).Status);
        await WaitUntilIndexedAsync(totalRows: 3000);

        var segments = (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments;
        Assert.Equal(3000, segments.Sum(s => s.NumRows));
        var indexId = (await Silo.Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "items" })).IndexDescriptions.Single().IndexID;
        Assert.All(segments, s =>
        {
            var built = s.Indexes.Single(i => i.IndexId == indexId);
            Assert.Equal((IndexState.Finished, s.NumRows), (built.State, built.IndexedRows));
            Assert.NotEmpty(built.ObjectKeys);
        });
        Assert.Equal(segments.Count, segments.SelectMany(s => s.Indexes).Select(i => i.BuildId).Distinct().Count());

        await RestartAsync();
        var described = (await Silo.Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "items" })).IndexDescriptions.Single();
        Assert.Equal((IndexState.Finished, 3000L, 3000L), (described.State, described.IndexedRows, described.TotalRows));

        // Every file the flushes and builds wrote is on record, so garbage collection keeps them all; once the collection
        // is dropped none is, and only the grace period keeps them.
        var collected = await Silo.Coordinator.CollectGarbage();
        AssertSuccess(collected.Status);
        Assert.Equal((0L, 0L), (collected.DeletedObjects, collected.RecentObjects));
        Assert.True(collected.ReferencedObjects >= segments.Count * 2, $"{collected.ReferencedObjects} files referenced");
        AssertSuccess(await Silo.Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "items" }));
        var afterDrop = await Silo.Coordinator.CollectGarbage();
        Assert.Equal((0L, collected.ReferencedObjects, 0L), (afterDrop.DeletedObjects, afterDrop.RecentObjects, afterDrop.ReferencedObjects));
    }

    /// <summary>Polls DescribeIndex as pymilvus does until every flushed row is indexed; a failed build fails the test with its reason.</summary>
    private async Task WaitUntilIndexedAsync(long totalRows)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var described = await Silo.Coordinator.DescribeIndex(new DescribeIndexRequest { CollectionName = "items" });
            AssertSuccess(described.Status);
            var index = described.IndexDescriptions.Single();
            Assert.True(index.State != IndexState.Failed, index.IndexStateFailReason);
            if (index.State == IndexState.Finished && index.TotalRows == totalRows)
            {
                Assert.Equal((totalRows, 0L), (index.IndexedRows, index.PendingIndexRows));
                return;
            }
            await Task.Delay(20, timeout.Token);
        }
    }
}
