using System.Collections.Concurrent;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.TestSupport;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Cluster.Tests;

/// <summary>
/// Nothing acknowledged is lost: writers insert into a real silo process while the test SIGKILLs it at random moments;
/// after every restart each acknowledged primary key is there exactly once.
/// </summary>
public sealed class DurabilityTests
{
    private const string Collection = "durability";
    private const int Dim = 4;
    private const int BatchRows = 20;
    private const int Writers = 2;
    private const int Rounds = 10;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_acknowledged_row_is_present_exactly_once_after_each_SIGKILL_and_restart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ov-durability-").FullName;
        try
        {
            var random = new Random(20261121);
            var acknowledged = new ConcurrentDictionary<long, byte>();
            long nextKey = 0;
            await using (var first = await StartAsync(dataDirectory))
            {
                using var client = new MilvusGrpcClient(first.GrpcUri);
                await CreateLoadedCollectionAsync(client);
            }

            for (var round = 0; round < Rounds; round++)
            {
                await using var silo = await StartAsync(dataDirectory);
                using var client = new MilvusGrpcClient(silo.GrpcUri);
                await LoadAsync(client);
                await AssertEveryAcknowledgedRowOnceAsync(client, acknowledged, $"after restart {round}");

                // Kill once a random number of further batches is acknowledged, while both writers still have one in flight.
                var killAfter = random.Next(1, 8);
                var acknowledgedThisRound = 0;
                var killMoment = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var first = Interlocked.Add(ref nextKey, BatchRows) - BatchRows;
                        try
                        {
                            var result = await client.Insert(Batch(first));
                            Assert.True(result.Status.Code == 0, $"insert failed: {result.Status.Reason}");
                        }
                        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException)
                        {
                            return; // the silo died under this call: not acknowledged
                        }
                        for (var key = first; key < first + BatchRows; key++)
                        {
                            acknowledged[key] = 0;
                        }
                        if (Interlocked.Increment(ref acknowledgedThisRound) >= killAfter)
                        {
                            killMoment.TrySetResult();
                        }
                    }
                })).ToArray();

                await killMoment.Task.WaitAsync(TimeSpan.FromSeconds(60));
                await silo.CrashAsync();
                stop.Cancel();
                await Task.WhenAll(writers);
            }

            await using var last = await StartAsync(dataDirectory);
            using var lastClient = new MilvusGrpcClient(last.GrpcUri);
            await LoadAsync(lastClient);
            await AssertEveryAcknowledgedRowOnceAsync(lastClient, acknowledged, "after the last restart");
            Assert.True(acknowledged.Count >= Rounds * BatchRows, $"only {acknowledged.Count} rows were acknowledged over {Rounds} rounds");
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<SiloProcess> StartAsync(string dataDirectory)
    {
        var silo = SiloProcess.Start(dataDirectory);
        try
        {
            await silo.WaitUntilReadyAsync(StartTimeout);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    private static async Task CreateLoadedCollectionAsync(MilvusGrpcClient client)
    {
        var schema = new CollectionSchema { Name = Collection };
        schema.Fields.Add(new FieldSchema { Name = "id", DataType = DataType.Int64, IsPrimaryKey = true });
        var vector = new FieldSchema { Name = "v", DataType = DataType.FloatVector };
        vector.TypeParams.Add(new KeyValuePair { Key = "dim", Value = $"{Dim}" });
        schema.Fields.Add(vector);
        AssertSuccess(await client.CreateCollection(new CreateCollectionRequest { CollectionName = Collection, Schema = schema.ToByteString(), ShardsNum = 2 }), "CreateCollection");

        var index = new CreateIndexRequest { CollectionName = Collection, FieldName = "v", IndexName = "v_index" };
        index.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = "FLAT" });
        index.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "L2" });
        AssertSuccess(await client.CreateIndex(index), "CreateIndex");
        await LoadAsync(client);
    }

    /// <summary>Loads (idempotent, as in Milvus) and waits for the Loaded state the way SDKs do, by asking.</summary>
    private static async Task LoadAsync(MilvusGrpcClient client)
    {
        AssertSuccess(await client.LoadCollection(new LoadCollectionRequest { CollectionName = Collection }), "LoadCollection");
        var deadline = DateTime.UtcNow + LoadTimeout;
        while (true)
        {
            var state = await client.GetLoadState(new GetLoadStateRequest { CollectionName = Collection });
            AssertSuccess(state.Status, "GetLoadState");
            if (state.State == LoadState.Loaded)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the collection is still {state.State} {LoadTimeout} after LoadCollection");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task AssertEveryAcknowledgedRowOnceAsync(MilvusGrpcClient client, ConcurrentDictionary<long, byte> acknowledged, string when)
    {
        var query = new QueryRequest
        {
            CollectionName = Collection,
            Expr = "id >= 0",
            ConsistencyLevel = ConsistencyLevel.Strong,
        };
        query.OutputFields.Add("id");
        query.QueryParams.Add(new KeyValuePair { Key = "limit", Value = "16384" });
        var result = await client.Query(query);
        AssertSuccess(result.Status, "Query");
        var ids = result.FieldsData.Single(f => f.FieldName == "id").Scalars.LongData.Data;
        var duplicates = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Take(10).ToList();
        Assert.True(duplicates.Count == 0, $"{when}: rows returned more than once: {string.Join(", ", duplicates)}");
        var present = ids.ToHashSet();
        var missing = acknowledged.Keys.Where(key => !present.Contains(key)).Order().Take(10).ToList();
        Assert.True(missing.Count == 0, $"{when}: acknowledged rows missing ({acknowledged.Count} acknowledged, {present.Count} present): {string.Join(", ", missing)}");
    }

    private static InsertRequest Batch(long firstKey)
    {
        var ids = new LongArray();
        var vectors = new FloatArray();
        for (var key = firstKey; key < firstKey + BatchRows; key++)
        {
            ids.Data.Add(key);
            for (var d = 0; d < Dim; d++)
            {
                vectors.Data.Add(key + d);
            }
        }
        var request = new InsertRequest { CollectionName = Collection, NumRows = BatchRows };
        request.FieldsData.Add(new FieldData { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = ids } });
        request.FieldsData.Add(new FieldData { FieldName = "v", Type = DataType.FloatVector, Vectors = new VectorField { Dim = Dim, FloatVector = vectors } });
        return request;
    }

    private static void AssertSuccess(Status status, string call) =>
        Assert.True(status.Code == 0 && status.ErrorCode == ErrorCode.Success, $"{call} failed: {status.Code} {status.Reason}");
}
