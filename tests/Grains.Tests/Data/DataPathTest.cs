using System.Runtime.InteropServices;
using Google.Protobuf;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Storage.ObjectStore;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>Tests through the grain interfaces of a fresh silo over a fresh data folder, removed afterwards.</summary>
public abstract class DataPathTest : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ov-data-" + Guid.NewGuid().ToString("N"));

    internal DataSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await DataSilo.StartAsync(_dataDirectory, Configure, ConfigureCoordinator, Objects);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    protected virtual void Configure(DataPathOptions options)
    {
    }

    protected virtual void ConfigureCoordinator(CoordinatorOptions options)
    {
    }

    /// <summary>The object store the silo uses, over the local one in the data folder.</summary>
    internal virtual IObjectStore Objects(IObjectStore local) => local;

    /// <summary>Stops the silo and starts a new one over the same data.</summary>
    protected async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await DataSilo.StartAsync(_dataDirectory, Configure, ConfigureCoordinator, Objects);
    }

    /// <summary>Creates a collection through the coordinator and returns its record.</summary>
    protected async Task<CollectionInfo> CreateAsync(string name, CollectionSchema schema, int shards = 2, ConsistencyLevel consistency = ConsistencyLevel.Bounded)
    {
        schema.Name = name;
        var status = await Silo.Coordinator.CreateCollection(new CreateCollectionRequest
        {
            DbName = "default",
            CollectionName = name,
            Schema = schema.ToByteString(),
            ShardsNum = shards,
            ConsistencyLevel = consistency,
        });
        Assert.True(status.Code == 0, status.Reason);
        return await InfoAsync(name);
    }

    protected async Task<CollectionInfo> InfoAsync(string name)
    {
        var found = await Silo.Coordinator.GetCollection(new CollectionLookup { DbName = "default", CollectionName = name });
        Assert.True(found.Status.Code == 0, found.Status.Reason);
        return found.Info;
    }

    /// <summary>
    /// Defines an index on the vector field (HNSW M=16 efConstruction=100 unless <paramref name="index"/> gives the type
    /// and build parameters) and loads the collection, waiting for load progress 100.
    /// </summary>
    protected async Task IndexAndLoadAsync(string name, string field, string metric, params KeyValuePair[] index)
    {
        var request = new CreateIndexRequest { DbName = "default", CollectionName = name, FieldName = field, ExtraParams = { Pair("metric_type", metric) } };
        request.ExtraParams.AddRange(index.Length > 0 ? index : [Pair("index_type", "HNSW"), Pair("M", "16"), Pair("efConstruction", "100")]);
        var indexed = await Silo.Coordinator.CreateIndex(request);
        Assert.True(indexed.Code == 0, indexed.Reason);
        var loading = await Silo.Coordinator.LoadCollection(new LoadCollectionRequest { DbName = "default", CollectionName = name });
        Assert.True(loading.Code == 0, loading.Reason);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var progress = await Silo.Coordinator.GetLoadingProgress(new GetLoadingProgressRequest { DbName = "default", CollectionName = name });
            Assert.True(progress.Status.Code == 0, progress.Status.Reason);
            if (progress.Progress >= 100)
            {
                return;
            }
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Waits until every flushed segment's index build finished, the way clients wait, by asking.</summary>
    protected async Task<IReadOnlyList<SegmentInfo>> IndexedSegmentsAsync(CollectionInfo info)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var segments = (await Silo.Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = info.Id })).Segments;
            if (segments.Count > 0 && segments.All(s => s.Indexes.Count > 0 && s.Indexes.All(i => i.State == IndexState.Finished)))
            {
                return segments;
            }
            await Task.Delay(20, timeout.Token);
        }
    }

    internal ICollectionGrain Collection(CollectionInfo info) => Silo.Collection(info.Id);

    protected static KeyValuePair Pair(string key, string value) => new() { Key = key, Value = value };

    /// <summary>A search request as the SDKs send it: placeholder group with tag $0, all search params as strings.</summary>
    protected static SearchRequest SearchFor(string collection, float[][] queries, int topK, string metric, string filter = "", int offset = 0, params string[] outputs)
    {
        var placeholder = new PlaceholderValue { Tag = "$0", Type = PlaceholderType.FloatVector };
        foreach (var query in queries)
        {
            placeholder.Values.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(query.AsSpan())));
        }
        return new SearchRequest
        {
            DbName = "default",
            CollectionName = collection,
            Dsl = filter,
            DslType = DslType.BoolExprV1,
            PlaceholderGroup = new PlaceholderGroup { Placeholders = { placeholder } }.ToByteString(),
            Nq = queries.Length,
            OutputFields = { outputs },
            SearchParams = { Pair("topk", topK.ToString(System.Globalization.CultureInfo.InvariantCulture)), Pair("metric_type", metric), Pair("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)), Pair("params", "{\"ef\": 64}") },
            ConsistencyLevel = ConsistencyLevel.Strong,
        };
    }

    protected static QueryRequest QueryFor(string collection, string filter, params string[] outputs) => new()
    {
        DbName = "default",
        CollectionName = collection,
        Expr = filter,
        OutputFields = { outputs },
        ConsistencyLevel = ConsistencyLevel.Strong,
    };

    protected static long[] LongColumn(IEnumerable<FieldData> columns, string name) => [.. columns.First(c => c.FieldName == name).Scalars.LongData.Data];
}
