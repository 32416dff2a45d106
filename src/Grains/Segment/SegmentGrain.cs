using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Interfaces.Segments;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;
using OrleansVector.Index;
using OrleansVector.Runtime;

namespace OrleansVector.Grains.Segment;

/// <summary>
/// A sealed segment loaded from the object store: rows and deletes from its binlogs and delta logs, the vector index
/// built for it once the index builder has written one (exact search until then), and the deletes its shard forwards.
/// Kept alive while loaded: the forwarded deletes live only here until the shard's next flush writes them down.
/// </summary>
[KeepAlive]
public sealed partial class SegmentGrain(DatabaseStorage storage, ILogger<SegmentGrain> logger) : Grain, ISegmentGrain
{
    private SegmentRows? _rows;
    private SegmentInfo? _segment;
    private readonly HashSet<long> _loadedBuilds = [];

    public async Task<SegmentLoadResponse> Load(SegmentAssignment assignment)
    {
        try
        {
            var schema = new SchemaView(assignment.Collection);
            // Files never change once written (later deletes arrive through Delete); a reload only adds indexes.
            if (_rows is null)
            {
                _rows = await SegmentFileStore.LoadAsync(storage.Objects, assignment.Segment, schema);
                _loadedBuilds.Clear();
                LogLoaded(logger, assignment.Segment.Id, _rows.RowCount);
            }
            _segment = assignment.Segment;
            await LoadIndexesAsync(schema);
            return new SegmentLoadResponse { Status = MilvusStatus.Success(), NumRows = _rows.RowCount };
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            LogLoadFailed(logger, e, assignment.Segment.Id);
            return new SegmentLoadResponse { Status = MilvusStatus.Error(MilvusErrorCode.ServiceInternal, $"Segment {assignment.Segment.Id} could not load: {e.Message}") };
        }
    }

    public Task<ShardSearchResponse> Search(SegmentSearchRequest request) => Read(request, static (rows, request) =>
    {
        var plan = new SearchPlan(rows.Schema, request.Search);
        plan.Validate();
        return new ShardSearchResponse
        {
            Status = MilvusStatus.Success(),
            Results = SegmentReads.Search(rows, plan, request.ReadTimestamp),
            ReadTimestamp = request.ReadTimestamp,
        };
    }, status => new ShardSearchResponse { Status = status });

    public Task<ShardQueryResponse> Query(SegmentQueryRequest request) => Read(request, static (rows, request) =>
    {
        var plan = new ReadPlan(rows.Schema, request.Query.Scope);
        var response = new ShardQueryResponse { Status = MilvusStatus.Success(), ReadTimestamp = request.ReadTimestamp };
        if (request.Query.CountOnly)
        {
            response.Count = SegmentReads.Count(rows, plan, request.ReadTimestamp);
        }
        else
        {
            response.FieldsData.AddRange(SegmentReads.Query(rows, plan, request.ReadTimestamp, request.Query.Limit));
            response.Count = PrimaryKeys.FromColumn(response.FieldsData[0]).Count;
        }
        return response;
    }, status => new ShardQueryResponse { Status = status });

    public Task<SegmentDeleteResponse> Delete(SegmentDeleteRequest request) => Read(request, static (rows, request) => new SegmentDeleteResponse
    {
        Status = MilvusStatus.Success(),
        Deleted = rows.Delete(PrimaryKeys.FromIds(request.PrimaryKeys), request.Timestamp),
    }, status => new SegmentDeleteResponse { Status = status });

    public Task<SegmentDeletes> DeletedRows() => Read(0, static (rows, _) =>
    {
        var deleted = rows.DeletedRows().ToList();
        var keys = PrimaryKeys.FromColumn(SegmentReads.Gather(rows, [.. deleted.Select(d => d.Row)], [rows.Schema.PrimaryKey])[0]);
        return new SegmentDeletes { Status = MilvusStatus.Success(), PrimaryKeys = keys.ToIds(), Timestamps = { deleted.Select(d => d.Timestamp) } };
    }, status => new SegmentDeletes { Status = status });

    public Task<SegmentDeletes> ApplyDeletes(SegmentDeletes deletes) => Read(deletes, static (rows, deletes) =>
    {
        var keys = PrimaryKeys.FromIds(deletes.PrimaryKeys);
        var hits = rows.Delete(keys, [.. deletes.Timestamps]);
        return new SegmentDeletes { Status = MilvusStatus.Success(), PrimaryKeys = keys.ToIds(hits), Timestamps = { hits.Select(i => deletes.Timestamps[i]) } };
    }, status => new SegmentDeletes { Status = status });

    public Task Release()
    {
        _rows = null;
        _segment = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Switches to every finished index build this segment does not serve yet.</summary>
    private async Task LoadIndexesAsync(SchemaView schema)
    {
        foreach (var built in _segment!.Indexes.Where(i => i.State == IndexState.Finished && i.ObjectKeys.Count > 0 && !_loadedBuilds.Contains(i.BuildId)))
        {
            if (schema.Fields.FirstOrDefault(f => f.Id == built.FieldId) is not { } field)
            {
                continue;
            }
            await using var stream = await storage.Objects.OpenReadAsync(built.ObjectKeys[0]);
            var index = VectorIndexFactory.Load(stream, built.ObjectKeys[0]);
            _rows!.UseIndex(field, index.Metric, index);
            _loadedBuilds.Add(built.BuildId);
            LogIndexLoaded(logger, _segment.Id, index.IndexType, field.Name);
        }
    }

    /// <summary>Runs a read of the loaded rows, answering a Milvus error or a bad argument as a status; static lambdas, so nothing is allocated for them.</summary>
    private Task<TResponse> Read<TRequest, TResponse>(TRequest request, Func<SegmentRows, TRequest, TResponse> read, Func<Status, TResponse> failed)
    {
        if (_rows is null)
        {
            return Task.FromResult(failed(MilvusStatus.Error(MilvusErrorCode.SegmentNotFound, $"Segment {GetPrimaryKeyLong()} is not loaded here.")));
        }
        try
        {
            return Task.FromResult(read(_rows, request));
        }
        catch (MilvusException e)
        {
            return Task.FromResult(failed(e.ToStatus()));
        }
        catch (ArgumentException e)
        {
            return Task.FromResult(failed(MilvusStatus.Error(MilvusErrorCode.ParameterInvalid, e.Message)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment {SegmentId} loaded {Rows} rows")]
    private static partial void LogLoaded(ILogger logger, long segmentId, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Segment {SegmentId} failed to load")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, long segmentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Segment {SegmentId} serves its {IndexType} index of field {Field}")]
    private static partial void LogIndexLoaded(ILogger logger, long segmentId, string indexType, string field);
}
