using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Segment;

namespace OrleansVector.Grains.Shard;

// The swap at the end of a compaction. The merged segment is loaded (files and indexes) while the sources keep serving;
// then, with writes held, the deletes the sources hold are applied to it (those after the merge's timestamp, and those
// not yet in a delta log when the merge read them) and written as its delta log, the registry records it with the
// sources Dropped in one transaction, and the sealed list changes in the same turn as that answer, so every read sees
// either all sources or the merged segment. Each swap starts a new generation of the sealed list; a read counts itself
// in the generation it took its list from, and the sources of a swap are released when no read of an earlier
// generation is left: the last read that could reach them has ended.
public sealed partial class ShardGrain
{
    /// <summary>Segments a swap took out of the sealed list, each with the last generation whose reads may still reach it.</summary>
    private readonly List<(SealedSegment Segment, long LastGeneration)> _retired = [];

    /// <summary>Reads in flight by the generation of the sealed list they took.</summary>
    private readonly Dictionary<long, int> _readsByGeneration = [];

    /// <summary>The generation of the sealed list: one more after each compaction swap.</summary>
    private long _sealedGeneration;

    public async Task<Status> ReplaceCompacted(SegmentInfo result)
    {
        SealedSegment? merged = null;
        try
        {
            // Fails before loading anything when a source is no longer the shard's; checked again under the write gate.
            _ = SourcesOf(result);
            if (result.State == SegmentState.Flushed)
            {
                merged = new SealedSegment(result, SegmentGrainOf(result.Id));
                (await merged.Grain.Load(new SegmentAssignment { Segment = result, Collection = _schema.Collection })).Status.ThrowIfError();
            }
            // No flush runs during the swap: it could write a source's pending deletes as a delta log of a dropped segment.
            await _flushGate.WaitAsync();
            try
            {
                await SwapAsync(result, merged);
            }
            finally
            {
                _flushGate.Release();
            }
            LogReplaced(logger, Channel, result.CompactedFrom.Count, result.Id, result.NumRows);
            // With no read in flight the sources go now; otherwise when the last read that took them ends.
            await ReleaseRetiredAsync();
            return MilvusStatus.Success();
        }
        catch (Exception e)
        {
            // Not swapped in: the merged segment's grain lets go of it (a new activation would load it again if recorded).
            await ReleaseAsync(merged);
            return e is MilvusException milvus
                ? milvus.ToStatus()
                : MilvusStatus.Error(MilvusErrorCode.ServiceInternal, $"Shard {Channel} could not swap in compacted segment {result.Id}: {e.Message}");
        }
    }

    private async Task SwapAsync(SegmentInfo result, SealedSegment? merged)
    {
        await _writeGate.WaitAsync();
        try
        {
            var sources = SourcesOf(result);
            var record = result.Clone();
            if (merged is not null)
            {
                await CarryOverDeletesAsync(sources, merged, record);
            }
            try
            {
                (await Coordinator.SaveSegment(record)).ThrowIfError();
            }
            catch (Exception e) when (e is not MilvusException)
            {
                // The registry may or may not hold the result: a fresh activation loads whichever set it holds.
                LogReplaceUnknown(logger, e, Channel, result.Id);
                DeactivateOnIdle();
                throw new MilvusException(MilvusErrorCode.ServiceUnavailable, $"Shard {Channel} could not record compacted segment {result.Id}: {e.Message}");
            }
            foreach (var source in sources)
            {
                _sealed.Remove(source);
                _retired.Add((source, _sealedGeneration));
            }
            _sealedGeneration++;
            if (merged is not null)
            {
                merged.Info = record;
                _sealed.Add(merged);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The sealed segments the result replaces; SegmentNotFound when one is no longer the shard's.</summary>
    private List<SealedSegment> SourcesOf(SegmentInfo result)
    {
        var sources = new List<SealedSegment>(result.CompactedFrom.Count);
        foreach (var id in result.CompactedFrom)
        {
            sources.Add(_sealed.FirstOrDefault(s => s.Info.Id == id)
                ?? throw new MilvusException(MilvusErrorCode.SegmentNotFound, $"Shard {Channel} does not hold segment {id}, which compacted segment {result.Id} replaces."));
        }
        return sources;
    }

    /// <summary>
    /// Applies every delete the sources hold to the merged segment and writes those that removed a row as its first delta
    /// log, so the result holds them durably before it is recorded (the WAL stops keeping the sources' pending deletes).
    /// </summary>
    private async Task CarryOverDeletesAsync(List<SealedSegment> sources, SealedSegment merged, SegmentInfo record)
    {
        var held = await Task.WhenAll(sources.Select(s => s.Grain.DeletedRows()));
        var longs = new List<long>();
        var strings = new List<string>();
        var timestamps = new List<ulong>();
        foreach (var deletes in held)
        {
            deletes.Status.ThrowIfError();
            var applied = await merged.Grain.ApplyDeletes(deletes);
            applied.Status.ThrowIfError();
            var keys = PrimaryKeys.FromIds(applied.PrimaryKeys);
            if (keys.Longs is { } appliedLongs)
            {
                longs.AddRange(appliedLongs);
            }
            else
            {
                strings.AddRange(keys.Strings!);
            }
            timestamps.AddRange(applied.Timestamps);
        }
        if (timestamps.Count == 0)
        {
            return;
        }
        var carried = longs.Count > 0 ? PrimaryKeys.Of([.. longs]) : PrimaryKeys.Of([.. strings]);
        record.DeltaLogs.Add(await SegmentFileStore.WriteDeltaAsync(storage.Objects, record, carried, [.. timestamps]));
        record.DeletedRows = timestamps.Count;
    }

    /// <summary>Counts a read in the current generation of the sealed list; call in the turn that takes the list.</summary>
    private long BeginRead()
    {
        _readsByGeneration[_sealedGeneration] = _readsByGeneration.GetValueOrDefault(_sealedGeneration) + 1;
        return _sealedGeneration;
    }

    /// <summary>Ends a read begun by <see cref="BeginRead"/>, releasing the retired segments it was the last to be able to reach.</summary>
    private async Task EndReadAsync(long generation)
    {
        if (--_readsByGeneration[generation] == 0)
        {
            _readsByGeneration.Remove(generation);
        }
        if (_retired.Count > 0)
        {
            await ReleaseRetiredAsync();
        }
    }

    /// <summary>
    /// Releases the grains of segments a compaction replaced that no read in flight can reach (every one, when the shard
    /// goes away: <paramref name="all"/>). A release that fails is logged; the segment's grain lets go when it deactivates.
    /// </summary>
    private async Task ReleaseRetiredAsync(bool all = false)
    {
        var oldestRead = long.MaxValue;
        foreach (var generation in _readsByGeneration.Keys)
        {
            oldestRead = Math.Min(oldestRead, generation);
        }
        // Taken out in this turn: a read ending meanwhile (the grain is reentrant) finds only what is left.
        var due = new List<SealedSegment>();
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            if (all || _retired[i].LastGeneration < oldestRead)
            {
                due.Add(_retired[i].Segment);
                _retired.RemoveAt(i);
            }
        }
        foreach (var segment in due)
        {
            try
            {
                await ReleaseAsync(segment);
            }
            catch (Exception e)
            {
                LogReleaseFailed(logger, e, Channel, segment.Info.Id);
            }
        }
    }

    private static Task ReleaseAsync(SealedSegment? segment) => segment is null ? Task.CompletedTask : segment.Grain.Release();

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Channel} replaced {Sources} segments by compacted segment {SegmentId} ({Rows} rows)")]
    private static partial void LogReplaced(ILogger logger, string channel, int sources, long segmentId, long rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Channel} could not release the grain of segment {SegmentId}, which a compaction replaced")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string channel, long segmentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Channel} does not know whether compacted segment {SegmentId} was recorded; deactivating so that a new activation loads the registry's segments")]
    private static partial void LogReplaceUnknown(ILogger logger, Exception exception, string channel, long segmentId);
}
