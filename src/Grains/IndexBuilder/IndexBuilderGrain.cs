using System.Globalization;
using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Indexing;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Schema;
using OrleansVector.Grains.Segment;
using OrleansVector.Index;
using OrleansVector.Index.Sparse;
using OrleansVector.Runtime;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Grains.IndexBuilder;

/// <summary>
/// Builds the index defined on a vector field for one sealed segment from the field's binlog and writes it to
/// <c>index_files/{build}/{version}/{partition}/{segment}/index</c> (Milvus's index node). A pool on every silo.
/// </summary>
[StatelessWorker]
public sealed partial class IndexBuilderGrain(DatabaseStorage storage, ILogger<IndexBuilderGrain> logger) : Grain, IIndexBuilderGrain
{
    /// <summary>The version part of index file keys: one build writes one version.</summary>
    private const int IndexVersion = 1;

    public async Task<IndexBuildResponse> Build(IndexBuildRequest request)
    {
        var result = new SegmentIndex { IndexId = request.Index.IndexId, BuildId = request.BuildId, FieldId = request.Index.FieldId };
        try
        {
            var schema = new SchemaView(request.Collection);
            var field = schema.Fields.FirstOrDefault(f => f.Id == request.Index.FieldId)
                ?? throw new ArgumentException($"Index '{request.Index.IndexName}' names field {request.Index.FieldId}, which collection '{request.Collection.Name}' lacks.");
            var binlog = request.Segment.Binlogs.FirstOrDefault(b => b.FieldId == field.Id)
                ?? throw new ArgumentException($"Segment {request.Segment.Id} has no binlog of field '{field.Name}'.");
            var parameters = request.Index.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var index = VectorIndexFactory.Create(
                parameters.GetValueOrDefault("index_type", IndexTypes.Flat),
                parameters.GetValueOrDefault("metric_type", DataTypes.DefaultMetric(field.Type)),
                field.Dim,
                parameters);
            var rows = (int)request.Segment.NumRows;
            foreach (var key in binlog.ObjectKeys)
            {
                var stored = await SegmentFiles.InsertLog.ReadAsync(storage.Objects, key);
                // Sparse binlogs are already compressed rows: the index reads them as they are.
                if (stored is SparseFloatVectorColumn sparse)
                {
                    Add(index, new SparseRows(sparse.Offsets.Span, sparse.Indices.Span, sparse.Values.Span));
                }
                else
                {
                    Add(index, VectorBlock.FromColumn(field, BinlogColumns.FromStored(field, stored), stored.RowCount).Data);
                }
            }
            var objectKey = string.Create(CultureInfo.InvariantCulture,
                $"index_files/{request.BuildId}/{IndexVersion}/{request.Segment.PartitionId}/{request.Segment.Id}/index");
            using (var buffer = new MemoryStream())
            {
                index.Save(buffer);
                await storage.Objects.PutAsync(objectKey, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            }
            result.State = IndexState.Finished;
            result.ObjectKeys.Add(objectKey);
            result.IndexedRows = index.Count;
            LogBuilt(logger, index.IndexType, field.Name, request.Segment.Id, rows);
            return new IndexBuildResponse { Status = MilvusStatus.Success(), Result = result };
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or InvalidCastException)
        {
            LogFailed(logger, e, request.Segment.Id);
            result.State = IndexState.Failed;
            result.FailReason = e.Message;
            return new IndexBuildResponse { Status = MilvusStatus.Success(), Result = result };
        }
    }

    /// <summary>The first block builds (trains) the index, later ones add to it.</summary>
    private static void Add(IVectorIndex index, VectorData vectors)
    {
        if (index.Count == 0)
        {
            index.Build(vectors);
        }
        else
        {
            index.Add(vectors);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Built {IndexType} on field {Field} of segment {SegmentId} ({Rows} rows)")]
    private static partial void LogBuilt(ILogger logger, string indexType, string field, long segmentId, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index build for segment {SegmentId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, long segmentId);
}
