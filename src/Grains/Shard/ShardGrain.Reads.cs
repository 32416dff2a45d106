using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Search;
using OrleansVector.Grains.Segment;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Shard;

// Reads: wait for tSafe to reach the guarantee timestamp, then read every segment in scope at tSafe and reduce.
public sealed partial class ShardGrain
{
    public Task<ShardSearchResponse> Search(ShardSearchRequest request) => ReadAsync(request.Scope, readTimestamp =>
    {
        var plan = new SearchPlan(_schema, request);
        var parts = Segments(plan).Select(segment => SegmentReads.Search(segment, plan, readTimestamp)).ToList();
        return new ShardSearchResponse
        {
            Status = MilvusStatus.Success(),
            Results = SearchReducer.Reduce(parts, plan.Queries.Count, offset: 0, plan.TopK, plan.LargerIsCloser),
            ReadTimestamp = readTimestamp,
        };
    }, status => new ShardSearchResponse { Status = status });

    public Task<ShardQueryResponse> Query(ShardQueryRequest request) => ReadAsync(request.Scope, readTimestamp =>
    {
        var plan = new ReadPlan(_schema, request.Scope);
        var response = new ShardQueryResponse { Status = MilvusStatus.Success(), ReadTimestamp = readTimestamp };
        if (request.CountOnly)
        {
            response.Count = Segments(plan).Sum(segment => SegmentReads.Count(segment, plan, readTimestamp));
            return response;
        }
        var parts = Segments(plan).Select(segment => (IReadOnlyList<FieldData>)SegmentReads.Query(segment, plan, readTimestamp, request.Limit)).ToList();
        response.FieldsData.AddRange(QueryReducer.Reduce(parts, [_schema.PrimaryKey, .. plan.Outputs], offset: 0, request.Limit));
        response.Count = Rows.PrimaryKeys.FromColumn(response.FieldsData[0]).Count;
        return response;
    }, status => new ShardQueryResponse { Status = status });

    public Task<ShardStatistics> GetStatistics(ShardReadScope scope)
    {
        var plan = new ReadPlan(_schema, new ShardReadScope { CollectionId = scope.CollectionId, PartitionIds = { scope.PartitionIds } });
        var statistics = new ShardStatistics { Status = MilvusStatus.Success() };
        foreach (var segment in Segments(plan))
        {
            statistics.LiveRowsByPartition[segment.PartitionId] = statistics.LiveRowsByPartition.GetValueOrDefault(segment.PartitionId)
                + SegmentReads.Count(segment, plan, _tSafe);
        }
        return Task.FromResult(statistics);
    }

    private IEnumerable<SegmentRows> Segments(ReadPlan plan) => _growing.Values.Where(s => plan.Includes(s.PartitionId) && s.RowCount > 0);

    private async Task<TResponse> ReadAsync<TResponse>(ShardReadScope scope, Func<ulong, TResponse> read, Func<Status, TResponse> failed)
    {
        try
        {
            await WaitForTSafeAsync(scope.GuaranteeTimestamp);
            return read(_tSafe);
        }
        catch (MilvusException e)
        {
            return failed(e.ToStatus());
        }
        catch (ArgumentException e)
        {
            return failed(MilvusStatus.Error(MilvusErrorCode.ParameterInvalid, e.Message));
        }
    }

    /// <summary>
    /// Returns once tSafe reaches <paramref name="guarantee"/>. With no write in flight (the gate held), every later write
    /// takes a timestamp above one allocated now, so tSafe may move to it; a guarantee ahead of that waits for the clock.
    /// </summary>
    private async Task WaitForTSafeAsync(ulong guarantee)
    {
        var deadline = time.GetUtcNow() + _options.GuaranteeWaitLimit;
        while (_tSafe < guarantee)
        {
            await AdvanceTSafeAsync(CancellationToken.None);
            if (_tSafe >= guarantee)
            {
                return;
            }
            var ahead = TimeSpan.FromMilliseconds(Math.Max(1, HybridTimestamp.Physical(guarantee) - HybridTimestamp.Physical(_tSafe)));
            if (time.GetUtcNow() + ahead > deadline)
            {
                throw new MilvusException(MilvusErrorCode.Timeout,
                    $"Shard {Channel} cannot reach guarantee timestamp {guarantee} ({HybridTimestamp.ToDateTime(guarantee):O}) within {_options.GuaranteeWaitLimit}; its tSafe is {_tSafe}.");
            }
            await Task.Delay(ahead, time);
        }
    }

    /// <summary>Moves tSafe to a fresh timestamp while no write is in flight (the idle tick, and reads that wait).</summary>
    private async Task AdvanceTSafeAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _tSafe = Math.Max(_tSafe, await AllocateTimestampAsync());
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
