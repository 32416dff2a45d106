using System.Buffers.Binary;
using Google.Protobuf;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// The requests of the gateway bench, the same for both paths: a collection (Int64 key, float vector, HNSW, L2) created,
/// indexed and loaded through the coordinator; batches of random rows; nq=1 top-k searches at Eventually consistency
/// (the bench measures serving, not waiting for tSafe).
/// </summary>
internal sealed class GatewayWorkload(int dimension, int seed)
{
    public const int TopK = 10;
    private const string Vector = "vector";
    private readonly Random _random = new(seed);

    public async Task CreateLoadedCollectionAsync(ICoordinatorGrain coordinator, string name, TimeSpan loadLimit)
    {
        var schema = new CollectionSchema
        {
            Name = name,
            Fields =
            {
                new FieldSchema { Name = "id", DataType = DataType.Int64, IsPrimaryKey = true },
                new FieldSchema { Name = Vector, DataType = DataType.FloatVector, TypeParams = { Pair("dim", dimension) } },
            },
        };
        Check(await coordinator.CreateCollection(new CreateCollectionRequest { DbName = MilvusNames.DefaultDatabase, CollectionName = name, Schema = schema.ToByteString(), ShardsNum = 1 }));
        Check(await coordinator.CreateIndex(new CreateIndexRequest
        {
            DbName = MilvusNames.DefaultDatabase,
            CollectionName = name,
            FieldName = Vector,
            ExtraParams = { Pair("index_type", "HNSW"), Pair("metric_type", "L2"), Pair("params", """{"M":16,"efConstruction":128}""") },
        }));
        Check(await coordinator.LoadCollection(new LoadCollectionRequest { DbName = MilvusNames.DefaultDatabase, CollectionName = name }));
        await WaitLoadedAsync(coordinator, name, loadLimit);
    }

    /// <summary>
    /// Flushes the inserted rows and waits until the sealed segments are indexed and loaded, as a Milvus user does before
    /// serving searches: the searches then meet a settled collection, not one whose seal and index build run in the
    /// background of whichever pass comes first.
    /// </summary>
    public static async Task SettleAsync(ICoordinatorGrain coordinator, ICollectionGrain collection, string name, TimeSpan limit)
    {
        Check((await collection.Flush()).Status);
        await PollAsync(async () =>
        {
            var progress = await coordinator.GetIndexBuildProgress(new GetIndexBuildProgressRequest { DbName = MilvusNames.DefaultDatabase, CollectionName = name, FieldName = Vector });
            Check(progress.Status);
            return progress.TotalRows > 0 && progress.IndexedRows >= progress.TotalRows;
        }, limit);
        await WaitLoadedAsync(coordinator, name, limit);
    }

    private static Task WaitLoadedAsync(ICoordinatorGrain coordinator, string name, TimeSpan limit) =>
        PollAsync(async () => (await coordinator.GetLoadingProgress(new GetLoadingProgressRequest { DbName = MilvusNames.DefaultDatabase, CollectionName = name })).Progress >= 100, limit);

    /// <summary>The coordinator offers no completion events; SDKs poll it the same way.</summary>
    private static async Task PollAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        using var cancellation = new CancellationTokenSource(limit);
        while (!await done())
        {
            await Task.Delay(20, cancellation.Token);
        }
    }

    public InsertRequest Rows(string collection, long firstId, int count)
    {
        var ids = new LongArray();
        var vectors = new FloatArray();
        for (var i = 0; i < count; i++)
        {
            ids.Data.Add(firstId + i);
            for (var d = 0; d < dimension; d++)
            {
                vectors.Data.Add(_random.NextSingle() * 2 - 1);
            }
        }
        return new InsertRequest
        {
            DbName = MilvusNames.DefaultDatabase,
            CollectionName = collection,
            NumRows = (uint)count,
            FieldsData =
            {
                new FieldData { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = ids } },
                new FieldData { FieldName = Vector, Type = DataType.FloatVector, Vectors = new VectorField { Dim = dimension, FloatVector = vectors } },
            },
        };
    }

    public SearchRequest Query(string collection)
    {
        var query = new byte[dimension * sizeof(float)];
        for (var d = 0; d < dimension; d++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(query.AsSpan(d * sizeof(float)), _random.NextSingle() * 2 - 1);
        }
        return new SearchRequest
        {
            DbName = MilvusNames.DefaultDatabase,
            CollectionName = collection,
            Nq = 1,
            PlaceholderGroup = new PlaceholderGroup
            {
                Placeholders = { new PlaceholderValue { Tag = "$0", Type = PlaceholderType.FloatVector, Values = { ByteString.CopyFrom(query) } } },
            }.ToByteString(),
            DslType = DslType.BoolExprV1,
            ConsistencyLevel = ConsistencyLevel.Eventually,
            SearchParams = { Pair("anns_field", Vector), Pair("topk", TopK), Pair("metric_type", "L2"), Pair("params", """{"ef":64}""") },
        };
    }

    public static void Check(Status status)
    {
        if (!MilvusStatusCheck.Succeeded(status))
        {
            throw new InvalidOperationException($"the bench's setup failed: {status.Code} {status.Reason}");
        }
    }

    private static KeyValuePair Pair(string key, object value) => new() { Key = key, Value = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) };
}
