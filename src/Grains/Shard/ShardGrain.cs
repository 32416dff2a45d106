using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Diagnostics;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Channels;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Segments;
using OrleansVector.Grains.Interfaces.Shards;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Segment;
using OrleansVector.Runtime;
using OrleansVector.Runtime.Timers;
using OrleansVector.Storage.Wal;

namespace OrleansVector.Grains.Shard;

/// <summary>
/// A shard (virtual channel): orders its writes through one gate (timestamp, WAL append, apply), keeps one growing
/// segment per partition, seals and flushes them and hands them to segment grains, publishes tSafe and serves reads at
/// it. Reentrant so reads and tSafe waits interleave with writes at awaits; the gate keeps writes in timestamp order.
/// </summary>
[Reentrant]
[KeepAlive]
public sealed partial class ShardGrain(DatabaseStorage storage, IOptions<DataPathOptions> options, TimeProvider time, ILogger<ShardGrain> logger)
    : Grain, IShardGrain
{
    private readonly DataPathOptions _options = options.Value;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Dictionary<long, ShardSegment> _growing = [];
    private readonly List<ShardSegment> _sealing = [];
    private readonly List<SealedSegment> _sealed = [];
    // Per partition, the newest insert timestamp a flushed segment holds: replay skips inserts at or before it.
    private readonly Dictionary<long, ulong> _flushedUpTo = [];
    private SchemaView _schema = null!;
    private IWriteAheadLog _wal = null!;
    private long _appliedLsn = -1;
    private ulong _tSafe;
    private IGrainTimer? _tick;

    private string Channel => GetPrimaryKeyString();

    private ICoordinatorGrain Coordinator => GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);

    private string CheckpointKey => $"datapath/shards/{Channel}/checkpoint";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var channel = VirtualChannelName.Parse(Channel);
        var found = await Coordinator.GetCollection(new CollectionLookup { CollectionId = channel.CollectionId });
        found.Status.ThrowIfError();
        _schema = new SchemaView(found.Info);
        await LoadSealedAsync();
        _wal = await storage.Wal.OpenAsync(Channel, cancellationToken);
        int replayed;
        try
        {
            replayed = await ReplayAsync(cancellationToken);
        }
        catch
        {
            // A failed activation gets no OnDeactivateAsync: release the channel's WAL so the next activation can open it.
            await _wal.DisposeAsync();
            _wal = null!;
            throw;
        }
        PublishSegmentCounts();
        LogActivated(logger, Channel, _sealed.Count, replayed, _wal.NextLsn);
        _tick = RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(_options.TSafeInterval, _options.TSafeInterval));
    }

    private async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        var replayed = 0;
        await foreach (var record in _wal.ReadAsync(await ReadCheckpointAsync(cancellationToken), cancellationToken))
        {
            var entry = ShardWalEntry.Parser.ParseFrom(record.Payload.Span);
            await ApplyAsync(entry, record.Lsn, replaying: true);
            _tSafe = entry.Timestamp;
            replayed++;
        }
        return replayed;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _tick?.Dispose();
        SegmentMetrics.Withdraw(this);
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
        _schema = new SchemaView(collection);
        return GetStatistics(new ShardReadScope { CollectionId = collection.Id });
    }

    public async Task Drop(CollectionInfo collection)
    {
        await _writeGate.WaitAsync();
        try
        {
            await _wal.TruncateBeforeAsync(_wal.NextLsn);
            await storage.Metadata.DeleteAsync(CheckpointKey);
            await Task.WhenAll(_sealed.Select(s => s.Grain.Release()));
            await ReleaseRetiredAsync(all: true);
            _growing.Clear();
            _sealing.Clear();
            _sealed.Clear();
            PublishSegmentCounts();
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
            long lsn;
            try
            {
                lsn = await _wal.AppendAsync(entry.ToByteArray());
            }
            catch (Exception e)
            {
                // The record may or may not be durable: a fresh activation replays the WAL and decides.
                LogWalFailed(logger, e, Channel);
                DeactivateOnIdle();
                return new ShardWriteResponse { Status = MilvusStatus.Error(MilvusErrorCode.ServiceUnavailable, $"Shard {Channel} could not write its WAL: {e.Message}") };
            }
            await ApplyAsync(entry, lsn, replaying: false);
            _tSafe = entry.Timestamp;
            SealFull();
            return new ShardWriteResponse { Status = MilvusStatus.Success(), Timestamp = entry.Timestamp, Count = count };
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ApplyAsync(ShardWalEntry entry, long lsn, bool replaying)
    {
        _appliedLsn = lsn;
        switch (entry.OperationCase)
        {
            case ShardWalEntry.OperationOneofCase.Insert:
                ApplyInsert(entry.Insert, entry.Timestamp, lsn, replaying);
                break;
            case ShardWalEntry.OperationOneofCase.Delete:
                await ApplyDeleteAsync(PrimaryKeys.FromIds(entry.Delete.PrimaryKeys), entry.Delete.PartitionId, entry.Timestamp, lsn);
                break;
            case ShardWalEntry.OperationOneofCase.Upsert:
                var columns = entry.Upsert.Insert.FieldsData;
                await ApplyDeleteAsync(PrimaryKeys.FromColumn(columns.First(c => c.FieldName == _schema.PrimaryKey.Name)), 0, entry.Timestamp, lsn);
                ApplyInsert(entry.Upsert.Insert, entry.Timestamp, lsn, replaying);
                break;
        }
    }

    private void ApplyInsert(ShardInsertRequest insert, ulong timestamp, long lsn, bool replaying)
    {
        if (replaying && timestamp <= _flushedUpTo.GetValueOrDefault(insert.PartitionId))
        {
            return;
        }
        if (!_growing.TryGetValue(insert.PartitionId, out var segment))
        {
            segment = new ShardSegment(new SegmentRows(segmentId: 0, insert.PartitionId, _schema), lsn, time.GetUtcNow());
            _growing[insert.PartitionId] = segment;
            PublishSegmentCounts();
        }
        var columns = insert.FieldsData.ToDictionary(c => c.FieldName, StringComparer.Ordinal);
        segment.Rows.Append(columns, PrimaryKeys.FromColumn(columns[_schema.PrimaryKey.Name]), timestamp);
        segment.LastWrite = time.GetUtcNow();
    }

    /// <summary>Deletes in the segments held here, and forwards the delete to the sealed segments' grains.</summary>
    private async Task ApplyDeleteAsync(PrimaryKeys keys, long partitionId, ulong timestamp, long lsn)
    {
        foreach (var segment in _growing.Values.Concat(_sealing))
        {
            if (partitionId == 0 || segment.Rows.PartitionId == partitionId)
            {
                segment.Rows.Delete(keys, timestamp);
            }
        }
        var targets = _sealed.Where(s => partitionId == 0 || s.Info.PartitionId == partitionId).ToList();
        var request = new SegmentDeleteRequest { PrimaryKeys = keys.ToIds(), Timestamp = timestamp };
        var results = await Task.WhenAll(targets.Select(s => s.Grain.Delete(request)));
        for (var i = 0; i < targets.Count; i++)
        {
            results[i].Status.ThrowIfError();
            if (results[i].Deleted > 0)
            {
                targets[i].AddPending(keys, timestamp, lsn, results[i].Deleted);
            }
        }
    }

    private async Task<ulong> AllocateTimestampAsync()
    {
        var allocated = await Coordinator.AllocateTimestamps(new AllocateRequest { Count = 1 });
        allocated.Status.ThrowIfError();
        return allocated.Begin;
    }

    private async Task<long> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        var entry = await storage.Metadata.GetAsync(CheckpointKey, cancellationToken);
        return entry is null ? 0 : ShardCheckpoint.Parser.ParseFrom(entry.Value.Span).CheckpointLsn;
    }

    /// <summary>The shard's in-memory segments for the segments gauge; called in the turns that change them.</summary>
    private void PublishSegmentCounts() => SegmentMetrics.Publish(this, storage, new SegmentCounts(_growing.Count, _sealing.Count, 0, 0, 0));

    private ISegmentGrain SegmentGrainOf(long segmentId) => GrainFactory.GetGrain<ISegmentGrain>(segmentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} activated: {Sealed} sealed segments, replayed {Records} WAL records, next LSN {NextLsn}")]
    private static partial void LogActivated(ILogger logger, string channel, int @sealed, int records, long nextLsn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} dropped")]
    private static partial void LogDropped(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Channel} failed to append to its WAL; deactivating so that a new activation replays it")]
    private static partial void LogWalFailed(ILogger logger, Exception exception, string channel);
}
