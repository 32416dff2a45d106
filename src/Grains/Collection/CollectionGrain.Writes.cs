using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Routing;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;

namespace OrleansVector.Grains.Collection;

// Writes: validate every row before anything is written, assign auto-IDs, split by shard (primary-key hash) and
// partition, and send each shard its part; the write's timestamp is the latest shard timestamp.
public sealed partial class CollectionGrain
{
    public Task<MutationResult> Insert(InsertRequest request) => GuardAsync(async () =>
    {
        var (collection, schema) = await CurrentAsync();
        var rows = InsertValidator.Validate(schema, request.FieldsData, request.NumRows, upsert: false);
        var partitions = new PartitionRouter(collection, schema).PartitionsOf(rows, request.PartitionName);
        if (rows.PrimaryKeys is null)
        {
            var ids = await Coordinator.AllocateIds(new AllocateRequest { Count = (uint)rows.RowCount });
            ids.Status.ThrowIfError();
            rows.AssignPrimaryKeys(schema.PrimaryKey, (long)ids.Begin);
        }
        var timestamp = await WriteShardsAsync(collection, rows, partitions, (shard, part) => shard.Insert(part));
        return Mutation(rows, timestamp, r => r.InsertCnt = rows.RowCount);
    }, FailedMutation);

    public Task<MutationResult> Upsert(UpsertRequest request) => GuardAsync(async () =>
    {
        var (collection, schema) = await CurrentAsync();
        var rows = InsertValidator.Validate(schema, request.FieldsData, request.NumRows, upsert: true);
        var partitions = new PartitionRouter(collection, schema).PartitionsOf(rows, request.PartitionName);
        var timestamp = await WriteShardsAsync(collection, rows, partitions, (shard, part) => shard.Upsert(new ShardUpsertRequest { Insert = part }));
        return Mutation(rows, timestamp, r => r.UpsertCnt = rows.RowCount);
    }, FailedMutation);

    public Task<MutationResult> Delete(DeleteRequest request) => GuardAsync(async () =>
    {
        var (collection, schema) = await CurrentAsync();
        if (string.IsNullOrWhiteSpace(request.Expr))
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"Delete on collection '{collection.Name}' needs an expression (expr).");
        }
        // A bad expression is rejected before any shard is asked.
        ReadPlan.CompileFilter(schema, request.Expr, request.ExprTemplateValues);
        var partitionId = string.IsNullOrEmpty(request.PartitionName) ? 0 : new PartitionRouter(collection, schema).Named(request.PartitionName).Id;
        // Delete by expression = query the matching primary keys at a fresh timestamp, then delete them by key.
        var scope = new ShardReadScope
        {
            CollectionId = collection.Id,
            GuaranteeTimestamp = await NowAsync(),
            Filter = request.Expr,
            FilterTemplateValues = { request.ExprTemplateValues },
        };
        if (partitionId != 0)
        {
            scope.PartitionIds.Add(partitionId);
        }
        var (matches, _) = await QueryShardsAsync(collection, scope, limit: -1);
        var keys = PrimaryKeys.FromColumn(QueryReducer.Reduce(matches, [schema.PrimaryKey], 0, -1)[0]);
        var shards = new ShardRouter(collection.VirtualChannels.Count);
        var byShard = Enumerable.Range(0, keys.Count).GroupBy(row => keys.ShardOf(row, shards));
        var responses = await Task.WhenAll(byShard.Select(group => Shard(collection.VirtualChannels[group.Key]).Delete(new ShardDeleteRequest
        {
            CollectionId = collection.Id,
            PartitionId = partitionId,
            PrimaryKeys = keys.ToIds(group),
        })));
        foreach (var response in responses)
        {
            response.Status.ThrowIfError();
        }
        return new MutationResult
        {
            Status = MilvusStatus.Success(),
            IDs = keys.ToIds(),
            DeleteCnt = keys.Count,
            Timestamp = responses.Length == 0 ? 0 : responses.Max(r => r.Timestamp),
        };
    }, FailedMutation);

    private async Task<ulong> WriteShardsAsync(CollectionInfo collection, ValidatedRows rows, long[] partitions, Func<Interfaces.Shards.IShardGrain, ShardInsertRequest, Task<ShardWriteResponse>> write)
    {
        var router = new ShardRouter(collection.VirtualChannels.Count);
        var groups = Enumerable.Range(0, rows.RowCount).GroupBy(row => (Shard: rows.PrimaryKeys!.ShardOf(row, router), Partition: partitions[row]));
        var responses = await Task.WhenAll(groups.Select(group =>
        {
            var part = new ShardInsertRequest { CollectionId = collection.Id, PartitionId = group.Key.Partition, NumRows = (uint)group.Count() };
            foreach (var column in rows.Columns)
            {
                var builder = new FieldDataBuilder(column, column.ValidData.Count > 0);
                foreach (var row in group)
                {
                    builder.Append(column, row);
                }
                part.FieldsData.Add(builder.Build());
            }
            return write(Shard(collection.VirtualChannels[group.Key.Shard]), part);
        }));
        foreach (var response in responses)
        {
            response.Status.ThrowIfError();
        }
        return responses.Max(r => r.Timestamp);
    }

    private async Task<ulong> NowAsync()
    {
        var allocated = await Coordinator.AllocateTimestamps(new AllocateRequest { Count = 1 });
        allocated.Status.ThrowIfError();
        return allocated.Begin;
    }

    private ValueTask<ulong> RecentAsync() => _recent.NowAsync(AllocateTimestamp);

    // Made once: a method group makes a new delegate each time, and every read resolves its guarantee timestamp with them.
    private Func<Task<ulong>> AllocateTimestamp => _allocateTimestamp ??= NowAsync;

    private Func<ValueTask<ulong>> EstimateNow => _estimateNow ??= RecentAsync;

    private static MutationResult Mutation(ValidatedRows rows, ulong timestamp, Action<MutationResult> count)
    {
        var result = new MutationResult { Status = MilvusStatus.Success(), IDs = rows.PrimaryKeys!.ToIds(), Timestamp = timestamp };
        result.SuccIndex.AddRange(Enumerable.Range(0, rows.RowCount).Select(i => (uint)i));
        count(result);
        return result;
    }

    private static MutationResult FailedMutation(Status status) => new() { Status = status };
}
