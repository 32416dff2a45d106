using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Segment;

namespace OrleansVector.Grains.Shard;

// Seal, flush and handoff: a growing segment seals on its row count, on idle time or on Flush; its files are written
// and recorded by the coordinator, its segment grain loads them, and only then does the shard stop serving the
// in-memory copy (in one turn, so no read misses or doubles a row). Deletes that reach sealed segments are written as
// delta logs by later flushes; the WAL checkpoint then moves to the oldest write no file holds yet.
public sealed partial class ShardGrain
{
    private readonly SemaphoreSlim _flushGate = new(1, 1);

    public async Task<ShardFlushResponse> Flush()
    {
        try
        {
            ulong flushTimestamp;
            await _writeGate.WaitAsync();
            try
            {
                foreach (var partition in _growing.Keys.ToList())
                {
                    Seal(partition);
                }
                flushTimestamp = _tSafe;
            }
            finally
            {
                _writeGate.Release();
            }
            var flushed = await FlushSealedAsync();
            return new ShardFlushResponse { Status = MilvusStatus.Success(), SealedSegmentIds = { flushed }, FlushTimestamp = flushTimestamp };
        }
        catch (MilvusException e)
        {
            return new ShardFlushResponse { Status = e.ToStatus() };
        }
    }

    public async Task SegmentUpdated(SegmentInfo segment)
    {
        var held = _sealed.FirstOrDefault(s => s.Info.Id == segment.Id);
        if (held is null)
        {
            return;
        }
        if (segment.State == SegmentState.Dropped)
        {
            _sealed.Remove(held);
            await held.Grain.Release();
            return;
        }
        held.Info.Indexes.Clear();
        held.Info.Indexes.AddRange(segment.Indexes);
        (await held.Grain.Load(new SegmentAssignment { Segment = held.Info, Collection = _schema.Collection })).Status.ThrowIfError();
    }

    /// <summary>Seals growing segments that reached the row limit (called under the write gate after each write).</summary>
    private void SealFull()
    {
        var full = _growing.Where(g => g.Value.Rows.RowCount >= _options.SealRowCount).Select(g => g.Key).ToList();
        foreach (var partition in full)
        {
            Seal(partition);
        }
        if (full.Count > 0)
        {
            _ = FlushInBackgroundAsync();
        }
    }

    private void Seal(long partition)
    {
        var segment = _growing[partition];
        _growing.Remove(partition);
        if (segment.Rows.RowCount > 0)
        {
            _sealing.Add(segment);
            LogSealed(logger, Channel, partition, segment.Rows.RowCount);
        }
        PublishSegmentCounts();
    }

    /// <summary>The idle tick: advances tSafe, and seals segments that had no write for the idle time.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        await AdvanceTSafeAsync(cancellationToken);
        await ReleaseRetiredAsync();
        var now = time.GetUtcNow();
        var idle = _growing.Where(g => now - g.Value.LastWrite >= _options.SealIdleTime).Select(g => g.Key).ToList();
        if (idle.Count == 0)
        {
            return;
        }
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var partition in idle.Where(_growing.ContainsKey))
            {
                Seal(partition);
            }
        }
        finally
        {
            _writeGate.Release();
        }
        await FlushInBackgroundAsync();
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushSealedAsync();
        }
        catch (Exception e)
        {
            // The sealed segments stay in memory (and their writes in the WAL); the next flush retries them.
            LogFlushFailed(logger, e, Channel);
        }
    }

    /// <summary>Flushes and hands off every sealed segment, writes pending deletes as delta logs, then advances the checkpoint.</summary>
    private async Task<List<long>> FlushSealedAsync()
    {
        await _flushGate.WaitAsync();
        try
        {
            var flushed = new List<long>();
            foreach (var segment in _sealing.ToList())
            {
                flushed.Add(await HandOffAsync(segment));
            }
            foreach (var segment in _sealed.Where(s => s.HasPendingDeletes).ToList())
            {
                await PersistDeletesAsync(segment);
            }
            await AdvanceCheckpointAsync();
            return flushed;
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async Task<long> HandOffAsync(ShardSegment segment)
    {
        var id = await Coordinator.AllocateIds(new AllocateRequest { Count = 1 });
        id.Status.ThrowIfError();
        var info = await SegmentFileStore.FlushAsync(storage.Objects, segment.Rows, (long)id.Begin, Channel);
        (await Coordinator.SaveSegment(info)).ThrowIfError();
        var sealedSegment = new SealedSegment(info, SegmentGrainOf(info.Id));
        (await sealedSegment.Grain.Load(new SegmentAssignment { Segment = info, Collection = _schema.Collection })).Status.ThrowIfError();
        await _writeGate.WaitAsync();
        try
        {
            // Deletes that reached the in-memory copy while its files were written: the grain applies what it lacks.
            foreach (var group in segment.Rows.DeletedRows().GroupBy(d => d.Timestamp))
            {
                var keys = PrimaryKeys.FromColumn(SegmentReads.Gather(segment.Rows, [.. group.Select(d => d.Row)], [_schema.PrimaryKey])[0]);
                var result = await sealedSegment.Grain.Delete(new SegmentDeleteRequest { PrimaryKeys = keys.ToIds(), Timestamp = group.Key });
                result.Status.ThrowIfError();
                if (result.Deleted > 0)
                {
                    sealedSegment.AddPending(keys, group.Key, segment.FirstLsn, result.Deleted);
                }
            }
            _sealing.Remove(segment);
            _sealed.Add(sealedSegment);
            PublishSegmentCounts();
            _flushedUpTo[info.PartitionId] = Math.Max(_flushedUpTo.GetValueOrDefault(info.PartitionId), info.MaxTimestamp);
        }
        finally
        {
            _writeGate.Release();
        }
        LogHandedOff(logger, Channel, info.Id, info.NumRows);
        return info.Id;
    }

    private async Task PersistDeletesAsync(SealedSegment segment)
    {
        var (keys, timestamps, entries, deleted) = segment.Pending();
        var updated = segment.Info.Clone();
        updated.DeltaLogs.Add(await SegmentFileStore.WriteDeltaAsync(storage.Objects, updated, keys, timestamps));
        updated.DeletedRows += deleted;
        (await Coordinator.SaveSegment(updated)).ThrowIfError();
        segment.Info = updated;
        segment.Persisted(entries);
    }

    /// <summary>Moves the replay start to the oldest write no file holds yet, persists it, and drops the WAL before it.</summary>
    private async Task AdvanceCheckpointAsync()
    {
        var checkpoint = _growing.Values.Concat(_sealing).Select(s => s.FirstLsn)
            .Concat(_sealed.Select(s => s.OldestPendingLsn))
            .Append(_appliedLsn + 1)
            .Min();
        await storage.Metadata.PutAsync(CheckpointKey, new ShardCheckpoint { CheckpointLsn = checkpoint, CheckpointTimestamp = _tSafe }.ToByteArray());
        await _wal.TruncateBeforeAsync(checkpoint);
        LogCheckpoint(logger, Channel, checkpoint);
    }

    /// <summary>At activation: the shard's flushed segments from the registry, each loaded by its grain.</summary>
    private async Task LoadSealedAsync()
    {
        var listed = await Coordinator.ListSegments(new ListSegmentsRequest { CollectionId = _schema.Collection.Id, VirtualChannel = Channel });
        listed.Status.ThrowIfError();
        foreach (var info in listed.Segments.Where(s => s.State is SegmentState.Flushed or SegmentState.Sealed))
        {
            var sealedSegment = new SealedSegment(info, SegmentGrainOf(info.Id));
            (await sealedSegment.Grain.Load(new SegmentAssignment { Segment = info, Collection = _schema.Collection })).Status.ThrowIfError();
            _sealed.Add(sealedSegment);
            _flushedUpTo[info.PartitionId] = Math.Max(_flushedUpTo.GetValueOrDefault(info.PartitionId), info.MaxTimestamp);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} sealed the growing segment of partition {Partition} at {Rows} rows")]
    private static partial void LogSealed(ILogger logger, string channel, long partition, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} handed segment {SegmentId} ({Rows} rows) to its segment grain")]
    private static partial void LogHandedOff(ILogger logger, string channel, long segmentId, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} checkpoint at LSN {Checkpoint}")]
    private static partial void LogCheckpoint(ILogger logger, string channel, long checkpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Channel} failed to flush; the sealed segments stay in memory and in the WAL")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string channel);
}
