using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Interfaces.Segments;
using OrleansVector.Index.Datasets;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>
/// When the grains of segments a compaction replaced let go: after the last read that took them, not on a timer. A read
/// is held in flight by a segment outside the merge whose grain is busy loading an index file that the test holds back.
/// </summary>
public sealed class CompactionReleaseTests : DataPathTest
{
    private const int Dim = 8;
    private const int BatchRows = 100;
    private const string HeldPartition = "held";
    private const string HeldBackKey = "held-back/index";
    private static readonly VectorArray<float> Data = SyntheticData.Clustered(3 * BatchRows, Dim, seed: 9);

    private readonly HeldBackObjects _objects = new(HeldBackKey);

    protected override void Configure(DataPathOptions options) => options.SealRowCount = 100_000;

    protected override void ConfigureCoordinator(CoordinatorOptions options)
    {
        options.AutoCompaction = false;
        options.CompactionMinSegments = 2;
    }

    internal override IObjectStore Objects(IObjectStore local) => _objects.Over(local);

    [Fact]
    public async Task A_read_begun_before_a_swap_gets_every_row_and_the_replaced_segments_go_when_it_ends()
    {
        // Two segments in the default partition (the merge takes them) and one, alone, in another partition (kept).
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        var partitioned = await Silo.Coordinator.CreatePartition(new CreatePartitionRequest { DbName = "default", CollectionName = "items", PartitionName = HeldPartition });
        Assert.True(partitioned.Code == 0, partitioned.Reason);
        await IndexAndLoadAsync("items", "vec", "L2", Pair("index_type", "FLAT"));
        var collection = Collection(info);
        for (var batch = 0; batch < 3; batch++)
        {
            var insert = Rows.Insert("items", Data, batch * BatchRows, BatchRows);
            insert.PartitionName = batch == 2 ? HeldPartition : "";
            Assert.Equal(0, (await collection.Insert(insert)).Status.Code);
            Assert.Equal(0, (await collection.Flush()).Status.Code);
        }
        var segments = await IndexedSegmentsAsync(await InfoAsync("items"));
        var heldPartition = (await InfoAsync("items")).Partitions.Single(p => p.Name == HeldPartition).Id;
        var held = segments.Single(s => s.PartitionId == heldPartition);
        var sources = segments.Where(s => s.PartitionId != heldPartition).Select(s => Segment(s.Id)).ToList();
        Assert.Equal(2, sources.Count);

        // The kept segment's grain starts loading an index file that does not come until the test lets it.
        var busy = held.Clone();
        busy.Indexes.Add(new SegmentIndex { BuildId = long.MaxValue, FieldId = held.Indexes[0].FieldId, State = IndexState.Finished, ObjectKeys = { HeldBackKey } });
        var loading = Segment(held.Id).Load(new SegmentAssignment { Segment = busy, Collection = info });
        try
        {
            await _objects.Reached;

            // An Eventually read goes from the collection to the shard in one turn each, so the shard takes its segments before
            // it starts the count sent after it; the count reads the default partition only and comes back, the read does not.
            var read = collection.Search(Eventually(SearchFor("items", [Data.Row(0).ToArray()], 3 * BatchRows + 10, "L2")));
            var counted = await collection.Query(Eventually(new QueryRequest { DbName = "default", CollectionName = "items", OutputFields = { "count(*)" }, PartitionNames = { "_default" } }));
            Assert.Equal(2 * BatchRows, counted.FieldsData.Single().Scalars.LongData.Data.Single());
            Assert.False(read.IsCompleted);

            var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
            Assert.Equal(1, started.CompactionPlanCount);
            Assert.Equal(1, (await Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID })).CompletedPlanNo);

            // Swapped out, but the read in flight may still reach them: they keep their rows.
            foreach (var source in sources)
            {
                Assert.Equal(0, (await source.DeletedRows()).Status.Code);
            }
            Assert.False(read.IsCompleted);

            _objects.Release();
            Assert.NotEqual(0, (await loading).Status.Code);
            var found = await read;
            Assert.True(found.Status.Code == 0, found.Status.Reason);
            Assert.Equal(Enumerable.Range(0, 3 * BatchRows).Select(i => (long)i), found.Results.Ids.IntId.Data.Order());

            // The read was the last that could reach them: they were let go before it answered.
            foreach (var source in sources)
            {
                Assert.Equal((int)MilvusErrorCode.SegmentNotFound, (await source.DeletedRows()).Status.Code);
            }
        }
        finally
        {
            // Whatever failed, the held-back load ends, so the read ends and the silo can stop.
            _objects.Release();
        }
    }

    [Fact]
    public async Task With_no_read_in_flight_the_replaced_segments_go_with_the_swap()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        await IndexAndLoadAsync("items", "vec", "L2", Pair("index_type", "FLAT"));
        var collection = Collection(info);
        for (var batch = 0; batch < 2; batch++)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, batch * BatchRows, BatchRows))).Status.Code);
            Assert.Equal(0, (await collection.Flush()).Status.Code);
        }
        var sources = (await IndexedSegmentsAsync(info)).Select(s => Segment(s.Id)).ToList();

        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        Assert.Equal(1, (await Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID })).CompletedPlanNo);

        foreach (var source in sources)
        {
            Assert.Equal((int)MilvusErrorCode.SegmentNotFound, (await source.DeletedRows()).Status.Code);
        }
        var found = await collection.Search(SearchFor("items", [Data.Row(0).ToArray()], 2 * BatchRows + 10, "L2"));
        Assert.Equal(Enumerable.Range(0, 2 * BatchRows).Select(i => (long)i), found.Results.Ids.IntId.Data.Order());
    }

    private ISegmentGrain Segment(long id) => Silo.Segment(id);

    private static T Eventually<T>(T request) where T : Google.Protobuf.IMessage
    {
        switch (request)
        {
            case SearchRequest search: search.ConsistencyLevel = ConsistencyLevel.Eventually; break;
            case QueryRequest query: query.ConsistencyLevel = ConsistencyLevel.Eventually; break;
        }
        return request;
    }

    /// <summary>The local object store, except that opening one key waits until the test releases it and then finds nothing.</summary>
    private sealed class HeldBackObjects(string heldKey)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string HeldKey { get; } = heldKey;

        /// <summary>Completes when a reader is waiting for the held-back key.</summary>
        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public IObjectStore Over(IObjectStore local) => new Store(local, this);

        private sealed class Store(IObjectStore local, HeldBackObjects held) : IObjectStore
        {
            public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
            {
                if (key != held.HeldKey)
                {
                    return await local.OpenReadAsync(key, cancellationToken);
                }
                held._reached.TrySetResult();
                await held._released.Task.WaitAsync(cancellationToken);
                throw new FileNotFoundException($"Object '{key}' was held back by the test and does not exist.", key);
            }

            public Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => local.PutAsync(key, data, cancellationToken);

            public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default) => local.PutAsync(key, content, cancellationToken);

            public Task<byte[]> GetAsync(string key, CancellationToken cancellationToken = default) => local.GetAsync(key, cancellationToken);

            public Task<byte[]> GetRangeAsync(string key, long offset, int length, CancellationToken cancellationToken = default) => local.GetRangeAsync(key, offset, length, cancellationToken);

            public Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default) => local.GetInfoAsync(key, cancellationToken);

            public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => local.ListAsync(prefix, cancellationToken);

            public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => local.DeleteAsync(key, cancellationToken);
        }
    }
}
