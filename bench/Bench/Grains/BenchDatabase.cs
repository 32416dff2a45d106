using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using OrleansVector.Bench.Ann;
using OrleansVector.Bench.Cli;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Kernels;
using OrleansVector.Runtime;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Bench.Grains;

/// <summary>One benchmark collection ("bench": Int64 primary key = row number, one float vector field) driven through the grains.</summary>
internal sealed class BenchDatabase(IGrainFactory grains, AnnWorkload workload)
{
    public const string EngineName = "orleans-vector-db";
    private const string CollectionName = "bench";
    private const string VectorField = "v";
    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromMinutes(30);

    private readonly ICoordinatorGrain _coordinator = grains.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
    private ICollectionGrain? _collection;

    private ICollectionGrain Collection => _collection ?? throw new InvalidOperationException("CreateCollectionAsync first.");

    private string Metric => Metrics.MilvusName(workload.Options.Metric);

    public async Task CreateCollectionAsync(int shards)
    {
        var schema = new CollectionSchema { Name = CollectionName };
        schema.Fields.Add(new FieldSchema { Name = "id", DataType = DataType.Int64, IsPrimaryKey = true });
        schema.Fields.Add(new FieldSchema
        {
            Name = VectorField,
            DataType = DataType.FloatVector,
            TypeParams = { new KeyValuePair { Key = "dim", Value = Invariant(workload.Data.Dim) } },
        });
        Check(await _coordinator.CreateCollection(new CreateCollectionRequest { CollectionName = CollectionName, Schema = schema.ToByteString(), ShardsNum = shards }), "CreateCollection");
        var found = await _coordinator.GetCollection(new CollectionLookup { DbName = "default", CollectionName = CollectionName });
        Check(found.Status, "GetCollection");
        _collection = grains.GetGrain<ICollectionGrain>(found.Info.Id);
    }

    /// <summary>Inserts every base vector, one call per batch, each call acknowledged only once durable.</summary>
    public async Task InsertAllAsync(int batch)
    {
        var data = workload.Data;
        for (var first = 0; first < data.Count; first += batch)
        {
            var count = Math.Min(batch, data.Count - first);
            var ids = new LongArray();
            for (var row = first; row < first + count; row++)
            {
                ids.Data.Add(row);
            }
            var vectors = new FloatArray();
            vectors.Data.AddRange(data.Data.AsSpan(first * data.Dim, count * data.Dim).ToArray());
            var request = new InsertRequest { CollectionName = CollectionName, NumRows = (uint)count };
            request.FieldsData.Add(new FieldData { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = ids } });
            request.FieldsData.Add(new FieldData { FieldName = VectorField, Type = DataType.FloatVector, Vectors = new VectorField { Dim = data.Dim, FloatVector = vectors } });
            Check((await Collection.Insert(request)).Status, "Insert");
        }
    }

    /// <summary>
    /// Seals and flushes the growing data, builds the index on the sealed segments, loads them, and compacts them as the
    /// coordinator's timer would, until nothing is left to merge (small sealed segments merge up to the maximum segment
    /// size, the result indexed before it replaces them), so searches meet the segments a settled database has.
    /// </summary>
    public async Task FlushIndexAndLoadAsync(TextWriter log)
    {
        Check((await Collection.Flush()).Status, "Flush");
        var index = new CreateIndexRequest { CollectionName = CollectionName, FieldName = VectorField, IndexName = "v_index" };
        index.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = workload.Options.IndexType });
        index.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = Metric });
        foreach (var (key, value) in workload.Options.Build)
        {
            index.ExtraParams.Add(new KeyValuePair { Key = key, Value = value });
        }
        Check(await _coordinator.CreateIndex(index), "CreateIndex");
        await WaitAsync("index build", async () =>
        {
            var state = await _coordinator.GetIndexState(new GetIndexStateRequest { CollectionName = CollectionName, FieldName = VectorField });
            Check(state.Status, "GetIndexState");
            return state.State == IndexState.Finished ? null : state.State.ToString();
        });
        log.WriteLine("database: index built");
        Check(await _coordinator.LoadCollection(new LoadCollectionRequest { CollectionName = CollectionName }), "LoadCollection");
        await WaitAsync("load", async () =>
        {
            var progress = await _coordinator.GetLoadingProgress(new GetLoadingProgressRequest { CollectionName = CollectionName });
            Check(progress.Status, "GetLoadingProgress");
            return progress.Progress >= 100 ? null : $"{progress.Progress}%";
        });
        log.WriteLine("database: loaded");
        // Until a run plans nothing: the coordinator's timer may already have merged the segments indexed first, leaving
        // merged segments that are themselves small enough to merge again, as the timer would do later.
        var merges = 0;
        for (var round = 1; ; round++)
        {
            var compaction = await _coordinator.ManualCompaction(new ManualCompactionRequest { CollectionName = CollectionName });
            Check(compaction.Status, "ManualCompaction");
            if (compaction.CompactionPlanCount == 0)
            {
                log.WriteLine($"database: compacted ({merges} merges in {round - 1} rounds)");
                return;
            }
            merges += compaction.CompactionPlanCount;
            await WaitAsync("compaction", async () =>
            {
                var state = await _coordinator.GetCompactionState(new GetCompactionStateRequest { CompactionID = compaction.CompactionID });
                Check(state.Status, "GetCompactionState");
                if (state.FailedPlanNo > 0)
                {
                    throw new InvalidOperationException($"{state.FailedPlanNo} of {compaction.CompactionPlanCount} compaction merges failed (see the silo log)");
                }
                return state.State == CompactionState.Completed ? null : $"{state.State}, {state.CompletedPlanNo} of {compaction.CompactionPlanCount} merges done";
            });
        }
    }

    /// <summary>
    /// Every search setting of the workload, one query per call through the collection grain. The log gets, per setting,
    /// how many calls had answered by the time they returned (the whole collection → shard → segment chain ran on the
    /// calling thread), the thread-pool work items per call (each a hand-off between threads), the bytes the calling
    /// thread allocated per call, the gen-0 collections, and the methods the JIT compiled meanwhile (tiered compilation
    /// moves hot methods to optimised code only once no new methods are being compiled for a while).
    /// </summary>
    public IReadOnlyList<ResultRow> MeasureSearches(double prepareSeconds, TextWriter log)
    {
        var options = workload.Options;
        var queries = workload.Queries;
        var k = options.K;
        var rows = new List<ResultRow>();
        foreach (var search in options.Searches)
        {
            var text = ParameterGrid.Format(search);
            var parameters = JsonSerializer.Serialize(search.ToDictionary(p => p.Key, p => double.Parse(p.Value, CultureInfo.InvariantCulture)));
            // Built before timing, as the raw index gets its query vectors: the database's cost is measured, not the client's.
            var requests = Enumerable.Range(0, queries.Count).Select(q => SearchFor(queries.Row(q), k, parameters)).ToArray();
            long calls = 0, answeredOnReturn = 0;
            var poolItemsBefore = ThreadPool.CompletedWorkItemCount;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var collectionsBefore = GC.CollectionCount(0);
            var jittedBefore = JitInfo.GetCompiledMethodCount();
            var (summary, ids) = SearchTimer.Run(queries.Count, k, options.Threads, workload.Warmup, options.Repeat, (q, found) =>
            {
                var call = Collection.Search(requests[q]);
                Interlocked.Increment(ref calls);
                if (call.IsCompleted)
                {
                    Interlocked.Increment(ref answeredOnReturn);
                }
                var result = WaitWithoutSpinning(call);
                Check(result.Status, "Search");
                var hits = result.Results.Ids.IntId.Data;
                for (var i = 0; i < found.Length; i++)
                {
                    found[i] = i < hits.Count ? hits[i] : -1;
                }
            });
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"database {text}: {answeredOnReturn} of {calls} searches answered on return, {(double)(ThreadPool.CompletedWorkItemCount - poolItemsBefore) / calls:F2} thread-pool work items per search, " +
                $"{(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / calls / 1024.0:F1} KiB allocated per search by the calling thread, {GC.CollectionCount(0) - collectionsBefore} gen-0 collections, " +
                $"{JitInfo.GetCompiledMethodCount() - jittedBefore} methods compiled by the JIT meanwhile"));
            rows.Add(workload.SearchRow(EngineName, ParameterGrid.Format(options.Build), text, summary, ids) with { BuildSeconds = prepareSeconds });
        }
        return rows;
    }

    private SearchRequest SearchFor(ReadOnlySpan<float> query, int k, string parameters)
    {
        var placeholder = new PlaceholderValue { Tag = "$0", Type = PlaceholderType.FloatVector };
        placeholder.Values.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(query)));
        return new SearchRequest
        {
            CollectionName = CollectionName,
            DslType = DslType.BoolExprV1,
            PlaceholderGroup = new PlaceholderGroup { Placeholders = { placeholder } }.ToByteString(),
            Nq = 1,
            SearchParams =
            {
                new KeyValuePair { Key = "anns_field", Value = VectorField },
                new KeyValuePair { Key = "topk", Value = Invariant(k) },
                new KeyValuePair { Key = "metric_type", Value = Metric },
                new KeyValuePair { Key = "params", Value = parameters },
            },
            ConsistencyLevel = ConsistencyLevel.Bounded,
        };
    }

    /// <summary>
    /// Blocks the timing thread until the grain call completes without spinning first (Task.Wait spins): on a small
    /// machine a spinning caller takes a core from the grains it waits for.
    /// </summary>
    private static T WaitWithoutSpinning<T>(Task<T> call)
    {
        if (!call.IsCompleted)
        {
            using var done = new ManualResetEventSlim(initialState: false, spinCount: 0);
            call.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(done.Set);
            done.Wait();
        }
        return call.GetAwaiter().GetResult();
    }

    /// <summary>Asks until <paramref name="pending"/> returns null (done), the way SDK clients wait; the text says what is still pending.</summary>
    private static async Task WaitAsync(string what, Func<Task<string?>> pending)
    {
        var deadline = DateTime.UtcNow + PrepareTimeout;
        while (await pending() is { } state)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"database {what} still {state} after {PrepareTimeout}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static void Check(Status status, string call)
    {
        if (status.Code != 0)
        {
            throw new InvalidOperationException($"{call} failed with Milvus code {status.Code}: {status.Reason}");
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
