using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;
using OrleansVector.Grains.Segment;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Shard;

// Reads: wait for tSafe to reach the guarantee timestamp, then read at tSafe the segments held in memory and, in
// parallel, the sealed segments' grains, and reduce (the first reduction). The set of segments is taken in one turn,
// so a handoff never makes a read miss or double a segment.
public sealed partial class ShardGrain
{
    public Task<ShardSearchResponse> Search(ShardSearchRequest request) =>
        ReadAsync(request, request.Scope, static (shard, request, readTimestamp) => shard.SearchAtAsync(request, readTimestamp), static status => new ShardSearchResponse { Status = status });

    private async Task<ShardSearchResponse> SearchAtAsync(ShardSearchRequest request, ulong readTimestamp)
    {
        var plan = new SearchPlan(_schema, request);
        var inMemory = InMemory(plan);
        var sealedSegments = Sealed(plan);
        if (inMemory.Count > 0 || sealedSegments.Count == 0)
        {
            // Otherwise each segment's grain checks the vectors and parameters, answering the same error.
            plan.Validate();
        }
        var parts = new List<SearchResultData>(inMemory.Count + sealedSegments.Count);
        foreach (var rows in inMemory)
        {
            parts.Add(SegmentReads.Search(rows, plan, readTimestamp));
        }
        var segmentRequest = new SegmentSearchRequest { Search = request, ReadTimestamp = readTimestamp };
        if (sealedSegments.Count == 1)
        {
            // Most shards hold one sealed segment once compacted: no fan-out to join.
            var response = await sealedSegments[0].Grain.Search(segmentRequest);
            response.Status.ThrowIfError();
            parts.Add(response.Results);
        }
        else if (sealedSegments.Count > 1)
        {
            var calls = new Task<ShardSearchResponse>[sealedSegments.Count];
            for (var i = 0; i < calls.Length; i++)
            {
                calls[i] = sealedSegments[i].Grain.Search(segmentRequest);
            }
            foreach (var response in await Task.WhenAll(calls))
            {
                response.Status.ThrowIfError();
                parts.Add(response.Results);
            }
        }
        return new ShardSearchResponse
        {
            Status = MilvusStatus.Success(),
            Results = SearchReducer.Reduce(parts, plan.QueryCount, offset: 0, plan.TopK, plan.LargerIsCloser),
            ReadTimestamp = readTimestamp,
        };
    }

    public Task<ShardQueryResponse> Query(ShardQueryRequest request) =>
        ReadAsync(request, request.Scope, static (shard, request, readTimestamp) => shard.QueryAtAsync(request, readTimestamp), static status => new ShardQueryResponse { Status = status });

    private async Task<ShardQueryResponse> QueryAtAsync(ShardQueryRequest request, ulong readTimestamp)
    {
        var plan = new ReadPlan(_schema, request.Scope);
        var response = new ShardQueryResponse { Status = MilvusStatus.Success(), ReadTimestamp = readTimestamp };
        if (request.CountOnly)
        {
            response.Count = InMemory(plan).Sum(segment => SegmentReads.Count(segment, plan, readTimestamp));
        }
        List<IReadOnlyList<FieldData>> parts = request.CountOnly ? [] : [.. InMemory(plan).Select(segment => SegmentReads.Query(segment, plan, readTimestamp, request.Limit))];
        var remote = await Task.WhenAll(Sealed(plan).Select(s => s.Grain.Query(new SegmentQueryRequest { Query = request, ReadTimestamp = readTimestamp })));
        foreach (var part in remote)
        {
            part.Status.ThrowIfError();
            if (request.CountOnly)
            {
                response.Count += part.Count;
            }
            else
            {
                parts.Add(part.FieldsData);
            }
        }
        if (!request.CountOnly)
        {
            response.FieldsData.AddRange(QueryReducer.Reduce(parts, [_schema.PrimaryKey, .. plan.Outputs], offset: 0, request.Limit));
            response.Count = PrimaryKeys.FromColumn(response.FieldsData[0]).Count;
        }
        return response;
    }

    public async Task<ShardStatistics> GetStatistics(ShardReadScope scope)
    {
        var counted = await Query(new ShardQueryRequest
        {
            Scope = new ShardReadScope { CollectionId = scope.CollectionId, PartitionIds = { scope.PartitionIds }, GuaranteeTimestamp = ConsistencyEventually },
            CountOnly = true,
        });
        return new ShardStatistics { Status = counted.Status, LiveRows = counted.Count };
    }

    /// <summary>A guarantee timestamp that never waits: reads see what tSafe covers now.</summary>
    private const ulong ConsistencyEventually = 1;

    /// <summary>The growing and sealing segments in the read's partitions that hold rows.</summary>
    private List<SegmentRows> InMemory(ReadPlan plan)
    {
        var result = new List<SegmentRows>();
        foreach (var segment in _growing.Values)
        {
            AddIfRead(segment.Rows);
        }
        foreach (var segment in _sealing)
        {
            AddIfRead(segment.Rows);
        }
        return result;

        void AddIfRead(SegmentRows rows)
        {
            if (plan.Includes(rows.PartitionId) && rows.RowCount > 0)
            {
                result.Add(rows);
            }
        }
    }

    /// <summary>The sealed segments in the read's partitions that hold rows.</summary>
    private List<SealedSegment> Sealed(ReadPlan plan)
    {
        var result = new List<SealedSegment>(_sealed.Count);
        foreach (var segment in _sealed)
        {
            if (plan.Includes(segment.Info.PartitionId) && segment.Info.NumRows > 0)
            {
                result.Add(segment);
            }
        }
        return result;
    }

    /// <summary>
    /// Waits for tSafe, then runs <paramref name="read"/> at it as a counted read (see <see cref="BeginRead"/>), answering a
    /// Milvus error or a bad argument as a status. The read gets the grain and the request (static lambdas: nothing to allocate).
    /// </summary>
    private async Task<TResponse> ReadAsync<TRequest, TResponse>(TRequest request, ShardReadScope scope, Func<ShardGrain, TRequest, ulong, Task<TResponse>> read, Func<Status, TResponse> failed)
    {
        try
        {
            await WaitForTSafeAsync(scope.GuaranteeTimestamp);
            // The read takes its segments in this turn (before its first await) and holds them until it ends.
            var generation = BeginRead();
            try
            {
                return await read(this, request, _tSafe);
            }
            finally
            {
                await EndReadAsync(generation);
            }
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
