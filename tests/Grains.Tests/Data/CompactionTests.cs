using System.Globalization;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Diagnostics;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Index.Datasets;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>
/// Compaction through the grains: small flushed segments with deletes (in delta logs, and still only in memory) are
/// merged while searches, queries, counts, deletes and garbage collection run; then a restart loads the merged set.
/// </summary>
public sealed class CompactionTests : DataPathTest
{
    private const int Dim = 8;
    private const int Batches = 6;
    private const int BatchRows = 100;
    private const int AllRows = Batches * BatchRows;
    private static readonly VectorArray<float> Data = SyntheticData.Clustered(AllRows, Dim, seed: 5);

    protected override void Configure(DataPathOptions options) => options.SealRowCount = 100_000;

    protected override void ConfigureCoordinator(CoordinatorOptions options)
    {
        options.AutoCompaction = false;
        options.CompactionMinSegments = 2;
        // Every unreferenced file is garbage at once: only the catalog (and running compactions) keep files.
        options.GarbageCollectionGracePeriod = TimeSpan.Zero;
    }

    [Fact]
    public async Task Small_segments_merge_without_deleted_rows_while_reads_see_every_live_row_once_and_a_restart_keeps_the_merged_set()
    {
        var (info, collection) = await CreateFlushedAsync(2, Batches);
        // Deletes written as delta logs by the next flush: the merge drops these rows physically.
        await DeleteAsync(collection, "id < 60");
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        // Deletes and an upsert only in memory (the sealed segments' grains and the WAL): the merged segment must carry them.
        await DeleteAsync(collection, "id >= 590");
        Assert.Equal(0, (await collection.Upsert(Rows.Upsert("items", Data, 100, 10, nOffset: 1_000))).Status.Code);
        var live = Enumerable.Range(60, 530).ToHashSet();
        var sources = await IndexedSegmentsAsync(info);
        Assert.Equal(2 * Batches, sources.Count);
        Assert.Equal(2 * Batches, SegmentMetrics.Total(Silo.Storage).Indexed);
        var sourceFiles = sources.SelectMany(FilesOf).ToList();
        Assert.Empty(sourceFiles.Except(await ObjectKeysAsync()));

        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { DbName = "default", CollectionName = "items" });
        Assert.True(started.Status.Code == 0, started.Status.Reason);
        Assert.Equal(2, started.CompactionPlanCount);
        var compaction = Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID });

        // Deletes keep arriving during the merge; each read must see every row not deleted before it began, exactly once.
        var deletable = Enumerable.Range(200, 40).ToList();
        var acknowledged = new HashSet<int>();
        var attempted = 0;
        var deleting = Task.Run(async () =>
        {
            foreach (var id in deletable)
            {
                Volatile.Write(ref attempted, attempted + 1);
                await DeleteAsync(collection, $"id == {id}");
                lock (acknowledged)
                {
                    acknowledged.Add(id);
                }
                if (compaction.IsCompleted)
                {
                    return;
                }
            }
        });
        // Eventually reads do not wait for the shard's write gate (a Strong read does, to advance tSafe), so they also run
        // while the swap holds it.
        var eventuallyReads = Task.Run(async () =>
        {
            var count = 0;
            do
            {
                var seen = await ReadEveryRowAsync(collection, ConsistencyLevel.Eventually);
                Assert.Empty(live.Except(seen).Except(deletable));
                Assert.Empty(seen.Except(live));
                count++;
            }
            while (!compaction.IsCompleted);
            return count;
        });
        var reads = 0;
        do
        {
            int[] gone;
            lock (acknowledged)
            {
                gone = [.. acknowledged];
            }
            var seen = await ReadEveryRowAsync(collection);
            var mayBeGone = deletable.Take(Volatile.Read(ref attempted)).ToHashSet();
            Assert.Empty(seen.Intersect(gone));
            Assert.Empty(live.Except(seen).Except(mayBeGone));
            Assert.Empty(seen.Except(live));
            reads++;
        }
        while (!compaction.IsCompleted);
        await deleting;
        reads += await eventuallyReads;
        live.ExceptWith(acknowledged);

        var state = await compaction;
        Assert.Equal((CompactionState.Completed, 2L, 0L, 0L), (state.State, state.CompletedPlanNo, state.FailedPlanNo, state.ExecutingPlanNo));
        await AssertRowsAsync(collection, live);
        Assert.True(reads > 0);

        var metrics = SegmentMetrics.Total(Silo.Storage);
        Assert.Equal((0L, 2L, 2L * Batches), (metrics.Flushed, metrics.Indexed, metrics.Dropped));
        Assert.True(metrics.Growing > 0, "the upserted rows are in growing segments");

        // The flush writes the deletes that reached the merged segments after the swap, and the upserted rows.
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        var segments = await IndexedSegmentsAsync(info);
        Assert.Equal(0, SegmentMetrics.Total(Silo.Storage).Growing + SegmentMetrics.Total(Silo.Storage).Sealed);
        var merged = segments.Where(s => s.CompactedFrom.Count > 0).ToList();
        Assert.Equal(2, merged.Count);
        Assert.All(merged, s => Assert.Equal(Batches, s.CompactedFrom.Count));
        // The rows deleted in a delta log before the merge are gone from the merged binlogs; the others are there once.
        var stored = new List<long>();
        foreach (var segment in merged)
        {
            var keys = await StoredKeysAsync(segment);
            Assert.Equal(segment.NumRows, keys.Length);
            stored.AddRange(keys);
        }
        Assert.Equal(Enumerable.Range(60, AllRows - 60).Select(i => (long)i), stored.Order());
        // Deleted in the merged segments' delta logs: ids 590..599, the upserted keys' old rows, and the deletes during the merge.
        Assert.Equal(10 + 10 + acknowledged.Count, merged.Sum(s => s.DeletedRows));

        // Garbage collection removes the sources' files, and only them.
        var before = await ObjectKeysAsync();
        var report = await Silo.Coordinator.CollectGarbage();
        Assert.True(report.Status.Code == 0, report.Status.Reason);
        var after = await ObjectKeysAsync();
        Assert.Equal(sourceFiles.Order(StringComparer.Ordinal), before.Except(after).Order(StringComparer.Ordinal));
        Assert.Equal(segments.SelectMany(FilesOf).Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));

        await RestartAsync();
        collection = Collection(info);
        Assert.Equal(segments.Select(s => s.Id).Order(), (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments.Select(s => s.Id).Order());
        await AssertRowsAsync(collection, live);
        var upserted = await collection.Query(QueryFor("items", "id >= 100 and id < 110", "n"));
        Assert.Equal(Enumerable.Range(1_100, 10).Select(i => (long)i), LongColumn(upserted.FieldsData, "n"));
    }

    [Fact]
    public async Task Garbage_collection_during_a_compaction_keeps_every_file_a_live_or_merging_segment_needs()
    {
        var (info, collection) = await CreateFlushedAsync(1, 3);
        await IndexedSegmentsAsync(info);
        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        Assert.Equal(1, started.CompactionPlanCount);
        var compaction = Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID });
        do
        {
            Assert.Equal(0, (await Silo.Coordinator.CollectGarbage()).Status.Code);
            // A segment live now was live during that pass, or was recorded after it (a merged one, kept as claimed).
            var segments = (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments;
            Assert.Empty(segments.SelectMany(FilesOf).Except(await ObjectKeysAsync()));
        }
        while (!compaction.IsCompleted);
        Assert.Equal(1, (await compaction).CompletedPlanNo);

        await RestartAsync();
        await AssertRowsAsync(Collection(info), Enumerable.Range(0, 3 * BatchRows));
    }

    [Fact]
    public async Task A_segment_with_many_deleted_rows_is_rewritten_on_its_own()
    {
        var info = await CreateAsync("items", Rows.Schema(Dim), shards: 1);
        await IndexAndLoadAsync("items", "vec", "L2", Pair("index_type", "FLAT"));
        var collection = Collection(info);
        Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, 0, 2 * BatchRows))).Status.Code);
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        await DeleteAsync(collection, "id < 50");
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        var source = (await IndexedSegmentsAsync(info)).Single();
        Assert.Equal(50, source.DeletedRows);

        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        Assert.Equal(1, started.CompactionPlanCount);
        Assert.Equal(1, (await Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID })).CompletedPlanNo);

        var rewritten = (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments.Single();
        Assert.Equal((150L, 0L, source.Id), (rewritten.NumRows, rewritten.DeletedRows, rewritten.CompactedFrom.Single()));
        Assert.Equal(Enumerable.Range(50, 150).Select(i => (long)i), await StoredKeysAsync(rewritten));
        await AssertRowsAsync(collection, Enumerable.Range(50, 150));
        // Nothing left to do: a second compaction plans nothing and is complete at once.
        var again = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        Assert.Equal(0, again.CompactionPlanCount);
        Assert.Equal(CompactionState.Completed, (await Silo.Coordinator.GetCompactionState(new GetCompactionStateRequest { CompactionID = again.CompactionID })).State);
    }

    [Fact]
    public async Task A_segment_whose_rows_are_all_deleted_is_dropped_with_nothing_in_its_place()
    {
        var (info, collection) = await CreateFlushedAsync(1, 1);
        await DeleteAsync(collection, "id >= 0");
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        var source = (await IndexedSegmentsAsync(info)).Single();

        var started = await Silo.Coordinator.ManualCompaction(new ManualCompactionRequest { CollectionID = info.Id });
        Assert.Equal(1, (await Silo.Coordinator.WaitForCompaction(new GetCompactionStateRequest { CompactionID = started.CompactionID })).CompletedPlanNo);

        Assert.Empty((await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments);
        Assert.True((await Silo.Coordinator.GetFlushState(new GetFlushStateRequest { SegmentIDs = { source.Id } })).Flushed);
        await AssertRowsAsync(collection, []);
        await RestartAsync();
        await AssertRowsAsync(Collection(info), []);
        Assert.Equal(0, (await Silo.Coordinator.CollectGarbage()).Status.Code);
        Assert.Empty(await ObjectKeysAsync());
    }

    [Fact]
    public async Task A_merge_never_recorded_leaves_the_old_set_and_only_its_own_files_become_garbage()
    {
        var (info, collection) = await CreateFlushedAsync(1, 3);
        await DeleteAsync(collection, "id < 10");
        Assert.Equal(0, (await collection.Flush()).Status.Code);
        var sources = await IndexedSegmentsAsync(info);

        // The compactor writes the merged segment; the silo stops before any shard records it (a crash between the two).
        var plan = new CompactionPlan
        {
            PlanId = 1,
            Collection = await InfoAsync("items"),
            Sources = { sources },
            ResultSegmentId = (long)(await Silo.Coordinator.AllocateIds(new AllocateRequest { Count = 1 })).Begin,
            Timestamp = (await Silo.Coordinator.AllocateTimestamps(new AllocateRequest { Count = 1 })).Begin,
        };
        var merged = await Silo.Compactor.Compact(plan);
        Assert.True(merged.Status.Code == 0, merged.Status.Reason);
        Assert.Equal(290, merged.Result.NumRows);
        var mergedFiles = FilesOf(merged.Result).ToList();
        Assert.Empty(mergedFiles.Except(await ObjectKeysAsync()));
        await RestartAsync();

        Assert.Equal(sources.Select(s => s.Id).Order(), (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments.Select(s => s.Id).Order());
        await AssertRowsAsync(Collection(info), Enumerable.Range(10, 290));
        var before = await ObjectKeysAsync();
        Assert.Equal(0, (await Silo.Coordinator.CollectGarbage()).Status.Code);
        Assert.Equal(mergedFiles.Order(StringComparer.Ordinal), before.Except(await ObjectKeysAsync()).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Every live id, sorted, after checking that a query, an exact search over all rows and count(*) each return every
    /// row once and agree (the deletes running meanwhile are ordered by the shard, so each read is one snapshot).
    /// </summary>
    private static async Task<int[]> ReadEveryRowAsync(ICollectionGrain collection, ConsistencyLevel consistency = ConsistencyLevel.Strong)
    {
        var query = QueryFor("items", "id >= 0");
        query.ConsistencyLevel = consistency;
        var queried = await collection.Query(query);
        Assert.True(queried.Status.Code == 0, queried.Status.Reason);
        var ids = LongColumn(queried.FieldsData, "id");
        Assert.Equal(ids.Length, ids.Distinct().Count());

        var searchRequest = SearchFor("items", [Data.Row(0).ToArray()], AllRows + 50, "L2");
        searchRequest.ConsistencyLevel = consistency;
        var search = await collection.Search(searchRequest);
        Assert.True(search.Status.Code == 0, search.Status.Reason);
        var found = search.Results.Ids.IntId.Data;
        Assert.Equal(found.Count, found.Distinct().Count());

        var countRequest = QueryFor("items", "", "count(*)");
        countRequest.ConsistencyLevel = consistency;
        var counted = await collection.Query(countRequest);
        Assert.True(counted.Status.Code == 0, counted.Status.Reason);
        var count = counted.FieldsData.Single().Scalars.LongData.Data.Single();

        // The three reads are three snapshots; with no delete between them they agree exactly, and deletes only shrink them.
        Assert.True(found.Count <= ids.Length && count <= found.Count, $"query {ids.Length} rows, search {found.Count}, count {count}");
        Assert.Empty(found.Except(ids));
        return [.. ids.Select(i => (int)i).Order()];
    }

    /// <summary>With no write running: query, exact search, count(*) and the collection statistics give exactly <paramref name="live"/>.</summary>
    private static async Task AssertRowsAsync(ICollectionGrain collection, IEnumerable<int> live)
    {
        var expected = live.Order().ToArray();
        Assert.Equal(expected, await ReadEveryRowAsync(collection));
        var search = await collection.Search(SearchFor("items", [Data.Row(0).ToArray()], AllRows + 50, "L2"));
        Assert.True(search.Status.Code == 0, search.Status.Reason);
        Assert.Equal(expected, (search.Results.Ids?.IntId?.Data ?? []).Select(i => (int)i).Order());
        var counted = await collection.Query(QueryFor("items", "", "count(*)"));
        Assert.Equal(expected.Length, counted.FieldsData.Single().Scalars.LongData.Data.Single());
        var statistics = await collection.GetCollectionStatistics(new GetCollectionStatisticsRequest { DbName = "default", CollectionName = "items" });
        Assert.Equal(expected.Length.ToString(CultureInfo.InvariantCulture), statistics.Stats.Single(s => s.Key == "row_count").Value);
    }

    /// <summary>The collection "items" with a FLAT index, loaded, and <paramref name="batches"/> flushes of one batch of rows each.</summary>
    private async Task<(CollectionInfo Info, ICollectionGrain Collection)> CreateFlushedAsync(int shards, int batches)
    {
        var info = await CreateAsync("items", Rows.Schema(Dim), shards);
        await IndexAndLoadAsync("items", "vec", "L2", Pair("index_type", "FLAT"));
        var collection = Collection(info);
        for (var batch = 0; batch < batches; batch++)
        {
            Assert.Equal(0, (await collection.Insert(Rows.Insert("items", Data, batch * BatchRows, BatchRows))).Status.Code);
            Assert.Equal(0, (await collection.Flush()).Status.Code);
        }
        return (info, collection);
    }

    private static async Task DeleteAsync(ICollectionGrain collection, string filter)
    {
        var deleted = await collection.Delete(new DeleteRequest { CollectionName = "items", Expr = filter });
        Assert.True(deleted.Status.Code == 0, deleted.Status.Reason);
    }

    /// <summary>The primary keys the segment's binlog holds.</summary>
    private async Task<long[]> StoredKeysAsync(SegmentInfo segment)
    {
        var key = segment.Binlogs.Single(b => b.FieldId == 100).ObjectKeys.Single();
        var column = (FixedWidthColumn<long>)await SegmentFiles.InsertLog.ReadAsync(Silo.Storage.Objects, key);
        return column.Values.ToArray();
    }

    private static IEnumerable<string> FilesOf(SegmentInfo segment) =>
        segment.Binlogs.SelectMany(b => b.ObjectKeys).Concat(segment.DeltaLogs).Concat(segment.StatsLogs).Concat(segment.Indexes.SelectMany(i => i.ObjectKeys));

    private async Task<List<string>> ObjectKeysAsync()
    {
        var keys = new List<string>();
        await foreach (var item in Silo.Storage.Objects.ListAsync(""))
        {
            keys.Add(item.Key);
        }
        return keys;
    }
}
