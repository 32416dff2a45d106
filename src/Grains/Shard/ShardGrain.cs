using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Channels;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Shards;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Segment;
using OrleansVector.Runtime;
using OrleansVector.Runtime.Timers;
using OrleansVector.Storage.Wal;

namespace OrleansVector.Grains.Shard;

/// <summary>
/// A shard (virtual channel): orders its writes through one gate (timestamp, WAL append, apply), keeps the growing
/// segments of each partition, publishes tSafe, and serves reads at its tSafe. Reentrant so reads and tSafe waits
/// interleave with writes at awaits; the gate keeps writes in timestamp order.
/// </summary>
[Reentrant]
[KeepAlive]
public sealed partial class ShardGrain(DatabaseStorage storage, IOptions<DataPathOptions> options, TimeProvider time, ILogger<ShardGrain> logger)
    : Grain, IShardGrain
{
    private readonly DataPathOptions _options = options.Value;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<long, SegmentRows> _growing = [];
    private SchemaView _schema = null!;
    private IWriteAheadLog _wal = null!;
    private ulong _tSafe;
    private IGrainTimer? _tick;

    private string Channel => GetPrimaryKeyString();

    private ICoordinatorGrain Coordinator => GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var channel = VirtualChannelName.Parse(Channel);
        var found = await Coordinator.GetCollection(new CollectionLookup { CollectionId = channel.CollectionId });
        if (found.Status.Code != 0)
        {
            throw new MilvusException((MilvusErrorCode)found.Status.Code, $"Shard {Channel}: {found.Status.Reason}");
        }
        UseCollection(found.Info);
        _wal = await storage.Wal.OpenAsync(Channel, cancellationToken);
        var replayed = 0;
        await foreach (var record in _wal.ReadAsync(await ReadCheckpointAsync(cancellationToken), cancellationToken))
        {
            var entry = ShardWalEntry.Parser.ParseFrom(record.Payload.Span);
            Apply(entry);
            _tSafe = entry.Timestamp;
            replayed++;
        }
        LogActivated(logger, Channel, replayed, _wal.NextLsn);
        _tick = RegisterGrainTimer(AdvanceTSafeAsync, new GrainTimerCreationOptions(_options.TSafeInterval, _options.TSafeInterval));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _tick?.Dispose();
        if (_wal is not null)
        {
            await _wal.DisposeAsync();
        }
    }

    public Task<ShardWriteResponse> Insert(ShardInsertRequest request) =>
        WriteAsync(new ShardWalEntry { Insert = request }, request.NumRows);

    public Task<ShardWriteResponse> Delete(ShardDeleteRequest request) =>
        WriteAsync(new ShardWalEntry { Delete = request }, PrimaryKeys.FromIds(request.PrimaryKeys).Count);

    public Task<ShardWriteResponse> Upsert(ShardUpsertRequest request) =>
        WriteAsync(new ShardWalEntry { Upsert = request }, request.Insert.NumRows);

    public Task<ShardStatistics> Load(CollectionInfo collection)
    {
        UseCollection(collection);
        return GetStatistics(new ShardReadScope { CollectionId = collection.Id });
    }

    public async Task Drop(CollectionInfo collection)
    {
        await _writeGate.WaitAsync();
        try
        {
            await _wal.TruncateBeforeAsync(_wal.NextLsn);
            await storage.Metadata.DeleteAsync(CheckpointKey);
            _growing.Clear();
            LogDropped(logger, Channel);
            DeactivateOnIdle();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Takes a timestamp, makes the entry durable in the WAL, then applies it: the order every write follows.</summary>
    private async Task<ShardWriteResponse> WriteAsync(ShardWalEntry entry, long count)
    {
        await _writeGate.WaitAsync();
        try
        {
            entry.Timestamp = await AllocateTimestampAsync();
            try
            {
                await _wal.AppendAsync(entry.ToByteArray());
            }
            catch (Exception e)
            {
                // The record may or may not be durable: a fresh activation replays the WAL and decides.
                LogWalFailed(logger, e, Channel);
                DeactivateOnIdle();
                return new ShardWriteResponse { Status = MilvusStatus.Error(MilvusErrorCode.ServiceUnavailable, $"Shard {Channel} could not write its WAL: {e.Message}") };
            }
            Apply(entry);
            _tSafe = entry.Timestamp;
            return new ShardWriteResponse { Status = MilvusStatus.Success(), Timestamp = entry.Timestamp, Count = count };
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Apply(ShardWalEntry entry)
    {
        switch (entry.OperationCase)
        {
            case ShardWalEntry.OperationOneofCase.Insert:
                ApplyInsert(entry.Insert, entry.Timestamp);
                break;
            case ShardWalEntry.OperationOneofCase.Delete:
                ApplyDelete(PrimaryKeys.FromIds(entry.Delete.PrimaryKeys), entry.Delete.PartitionId, entry.Timestamp);
                break;
            case ShardWalEntry.OperationOneofCase.Upsert:
                var columns = entry.Upsert.Insert.FieldsData;
                ApplyDelete(PrimaryKeys.FromColumn(columns.First(c => c.FieldName == _schema.PrimaryKey.Name)), 0, entry.Timestamp);
                ApplyInsert(entry.Upsert.Insert, entry.Timestamp);
                break;
        }
    }

    private void ApplyInsert(ShardInsertRequest insert, ulong timestamp)
    {
        if (!_growing.TryGetValue(insert.PartitionId, out var segment))
        {
            segment = new SegmentRows(segmentId: 0, insert.PartitionId, _schema);
            _growing[insert.PartitionId] = segment;
        }
        var columns = insert.FieldsData.ToDictionary(c => c.FieldName, StringComparer.Ordinal);
        segment.Append(columns, PrimaryKeys.FromColumn(columns[_schema.PrimaryKey.Name]), timestamp);
    }

    private void ApplyDelete(PrimaryKeys keys, long partitionId, ulong timestamp)
    {
        foreach (var segment in _growing.Values)
        {
            if (partitionId == 0 || segment.PartitionId == partitionId)
            {
                segment.Delete(keys, timestamp);
            }
        }
    }

    private async Task<ulong> AllocateTimestampAsync()
    {
        var allocated = await Coordinator.AllocateTimestamps(new AllocateRequest { Count = 1 });
        return allocated.Status.Code == 0
            ? allocated.Begin
            : throw new MilvusException((MilvusErrorCode)allocated.Status.Code, $"Shard {Channel} could not take a timestamp: {allocated.Status.Reason}");
    }

    private void UseCollection(CollectionInfo collection)
    {
        _schema = new SchemaView(collection);
    }

    private string CheckpointKey => $"datapath/shards/{Channel}/checkpoint";

    private async Task<long> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        var entry = await storage.Metadata.GetAsync(CheckpointKey, cancellationToken);
        return entry is null ? 0 : ShardCheckpoint.Parser.ParseFrom(entry.Value.Span).CheckpointLsn;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} activated: replayed {Records} WAL records, next LSN {NextLsn}")]
    private static partial void LogActivated(ILogger logger, string channel, int records, long nextLsn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} dropped")]
    private static partial void LogDropped(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Channel} failed to append to its WAL; deactivating so that a new activation replays it")]
    private static partial void LogWalFailed(ILogger logger, Exception exception, string channel);
}
