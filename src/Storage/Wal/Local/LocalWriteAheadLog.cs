using System.Runtime.CompilerServices;
using System.Threading.Channels;
using OrleansVector.Storage.Diagnostics;

namespace OrleansVector.Storage.Wal.Local;

/// <summary>
/// The standalone WAL of one channel: append-only segment files in <c>{root}/{channel}/</c>, named by their first
/// LSN (<see cref="WalSegmentFormat"/>). One writer loop takes every queued append, writes them with one write and
/// one fsync (group commit), then completes them. On open it finds the last valid frame and cuts a torn or corrupt
/// tail off the last segment; damage in an older, sealed segment is reported, never skipped.
/// A lock file keeps a second process (or a second open in this one) from writing the same channel.
/// </summary>
public sealed class LocalWriteAheadLog : IWriteAheadLog
{
    private const string LockFileName = "LOCK";

    private readonly LocalWalOptions _options;
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly FileStream _lockFile;
    private readonly Lock _segmentsLock = new();
    private readonly List<long> _segmentFirstLsns;
    private readonly Channel<PendingAppend> _queue = System.Threading.Channels.Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly WalInstruments _instruments;
    private WalSegmentWriter _active;
    private long _nextLsn;
    private long _firstLsn;
    private bool _unsynced;
    private long _unsyncedSince;
    private Exception? _fault;

    private LocalWriteAheadLog(string channel, LocalWalOptions options, TimeProvider time, string directory, FileStream lockFile,
        List<long> segmentFirstLsns, WalSegmentWriter active, WalRecoveryResult recovery)
    {
        Channel = channel;
        _options = options;
        _time = time;
        _directory = directory;
        _lockFile = lockFile;
        _segmentFirstLsns = segmentFirstLsns;
        _active = active;
        _nextLsn = recovery.NextLsn;
        _firstLsn = segmentFirstLsns[0];
        Recovery = recovery;
        _instruments = new WalInstruments("local", channel);
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Channel { get; }

    public long NextLsn => Volatile.Read(ref _nextLsn);

    public long FirstLsn => Volatile.Read(ref _firstLsn);

    /// <summary>What the open found and repaired.</summary>
    public WalRecoveryResult Recovery { get; }

    /// <summary>Opens the channel's log under <see cref="LocalWalOptions.RootDirectory"/>, recovering it, or creates it.</summary>
    /// <exception cref="WalCorruptException">A sealed segment is damaged (data that was acknowledged is unreadable).</exception>
    /// <exception cref="IOException">Another open log holds the channel.</exception>
    public static async ValueTask<LocalWriteAheadLog> OpenAsync(string channel, LocalWalOptions options, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WalChannelName.Validate(channel);
        options.Validate();
        var directory = Path.Combine(Path.GetFullPath(options.RootDirectory), channel);
        Directory.CreateDirectory(directory);
        var lockFile = AcquireLock(directory, channel);
        try
        {
            var firstLsns = ListSegments(directory);
            if (firstLsns.Count == 0)
            {
                firstLsns.Add(0);
                var created = CreateSegment(directory, 0, options.FsyncPolicy);
                return new LocalWriteAheadLog(channel, options, time ?? TimeProvider.System, directory, lockFile, firstLsns, created,
                    new WalRecoveryResult(1, 0, 0, null));
            }
            for (var i = 0; i < firstLsns.Count - 1; i++)
            {
                using var sealedReader = new WalFrameReader(SegmentPath(directory, firstLsns[i]), firstLsns[i], options.MaxRecordBytes);
                if (!await sealedReader.ReadHeaderAsync(cancellationToken))
                {
                    throw new WalCorruptException($"WAL segment '{sealedReader.Path}' is damaged: {sealedReader.StopReason}.");
                }
            }
            var (active, recovery) = await RecoverLastSegmentAsync(directory, firstLsns, options, cancellationToken);
            return new LocalWriteAheadLog(channel, options, time ?? TimeProvider.System, directory, lockFile, firstLsns, active, recovery);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        if (record.IsEmpty || record.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentException($"A WAL record must be 1..{_options.MaxRecordBytes} bytes; this one is {record.Length}.", nameof(record));
        }
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfFaulted();
        // Once queued, an append runs to completion (it may already be on disk): cancellation only applies before this point.
        var pending = new PendingAppend(record);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(LocalWriteAheadLog), $"The WAL of channel '{Channel}' is closed.");
        }
        return new ValueTask<long>(pending.Task);
    }

    public async IAsyncEnumerable<WalRecord> ReadAsync(long fromLsn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long[] segments;
        long end;
        lock (_segmentsLock)
        {
            segments = [.. _segmentFirstLsns];
            end = _nextLsn;
            fromLsn = Math.Max(fromLsn, _firstLsn);
        }
        var index = Array.FindLastIndex(segments, first => first <= fromLsn);
        for (; index >= 0 && index < segments.Length && fromLsn < end; index++)
        {
            using var reader = OpenSegmentForRead(segments, index);
            if (reader is null)
            {
                continue;
            }
            if (!await reader.ReadHeaderAsync(cancellationToken))
            {
                throw new WalCorruptException($"WAL segment '{reader.Path}' is damaged: {reader.StopReason}.");
            }
            while (reader.NextLsn < end)
            {
                if (!await reader.ReadNextAsync(cancellationToken))
                {
                    var segmentEnd = index + 1 < segments.Length ? segments[index + 1] : end;
                    if (reader.StopReason is not null || reader.NextLsn < Math.Min(segmentEnd, end))
                    {
                        throw new WalCorruptException(
                            $"WAL segment '{reader.Path}' lost acknowledged record {reader.NextLsn}: {reader.StopReason ?? "the file ends early"}.");
                    }
                    break;
                }
                var lsn = reader.NextLsn - 1;
                if (lsn >= fromLsn)
                {
                    yield return new WalRecord(lsn, reader.Payload);
                    fromLsn = lsn + 1;
                }
            }
        }
    }

    /// <summary>A reader over a segment of a read's snapshot, or null when truncation deleted it since (its records are below FirstLsn).</summary>
    private WalFrameReader? OpenSegmentForRead(long[] segments, int index)
    {
        try
        {
            return new WalFrameReader(SegmentPath(_directory, segments[index]), segments[index], _options.MaxRecordBytes);
        }
        catch (FileNotFoundException) when (index + 1 < segments.Length && segments[index + 1] <= FirstLsn)
        {
            return null;
        }
    }

    public ValueTask TruncateBeforeAsync(long checkpointLsn, CancellationToken cancellationToken = default)
    {
        List<long> removable;
        lock (_segmentsLock)
        {
            if (checkpointLsn < 0 || checkpointLsn > _nextLsn)
            {
                throw new ArgumentOutOfRangeException(nameof(checkpointLsn), checkpointLsn,
                    $"The checkpoint of WAL channel '{Channel}' must be in 0..{_nextLsn} (the next LSN).");
            }
            _firstLsn = Math.Max(_firstLsn, checkpointLsn);
            // A segment can go when the next one starts at or below the checkpoint; the active one always stays.
            var keepFrom = _segmentFirstLsns.FindLastIndex(first => first <= _firstLsn);
            removable = _segmentFirstLsns.GetRange(0, keepFrom);
            _segmentFirstLsns.RemoveRange(0, keepFrom);
        }
        foreach (var first in removable)
        {
            File.Delete(SegmentPath(_directory, first));
        }
        if (removable.Count > 0 && _options.FsyncPolicy != WalFsyncPolicy.Never)
        {
            DirectorySync.Flush(_directory);
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        if (_fault is null)
        {
            _active.Trim(sync: _options.FsyncPolicy != WalFsyncPolicy.Never);
        }
        _active.Dispose();
        await _lockFile.DisposeAsync();
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>();
        var reader = _queue.Reader;
        while (await WaitForAppendsAsync(reader))
        {
            var bytes = 0;
            while (bytes < _options.MaxGroupCommitBytes && reader.TryRead(out var pending))
            {
                group.Add(pending);
                bytes += WalSegmentFormat.FrameHeaderSize + pending.Record.Length;
            }
            if (group.Count == 0)
            {
                continue;
            }
            try
            {
                ThrowIfFaulted();
                CommitGroup(group, bytes);
            }
            catch (Exception ex)
            {
                // After a failed write or fsync the file's state is unknown: stop accepting appends (fsync errors cannot be retried).
                _fault ??= ex;
                foreach (var pending in group)
                {
                    pending.TrySetException(new IOException($"The WAL of channel '{Channel}' failed; reopen it to recover.", _fault));
                }
            }
            var committed = group.Count;
            group.Clear();
            if (committed > 1)
            {
                // Let the writers just acknowledged queue their next appends before the next group is taken, so concurrent
                // writers share one fsync instead of the first of them starting a group of one.
                await Task.Yield();
            }
        }
    }

    /// <summary>Waits for queued appends; under the Interval policy also fsyncs when written data has waited long enough.</summary>
    private async ValueTask<bool> WaitForAppendsAsync(ChannelReader<PendingAppend> reader)
    {
        while (_unsynced && !reader.TryPeek(out _))
        {
            var remaining = _options.FsyncInterval - _time.GetElapsedTime(_unsyncedSince);
            if (remaining > TimeSpan.Zero)
            {
                using var timeout = new CancellationTokenSource(remaining, _time);
                try
                {
                    return await reader.WaitToReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                }
            }
            SyncActive();
        }
        return await reader.WaitToReadAsync();
    }

    private void CommitGroup(List<PendingAppend> group, int bytes)
    {
        if (_active.Length >= _options.SegmentSizeBytes && _active.Length > WalSegmentFormat.HeaderSize)
        {
            RollSegment();
        }
        var first = _nextLsn;
        var frames = _active.Reserve(bytes);
        var offset = 0;
        for (var i = 0; i < group.Count; i++)
        {
            offset += WalSegmentFormat.WriteFrame(frames[offset..], first + i, group[i].Record.Span);
        }
        _active.Write(offset);
        switch (_options.FsyncPolicy)
        {
            case WalFsyncPolicy.Always:
                _active.Sync();
                break;
            case WalFsyncPolicy.Interval when !_unsynced:
                _unsynced = true;
                _unsyncedSince = _time.GetTimestamp();
                break;
        }
        lock (_segmentsLock)
        {
            _nextLsn = first + group.Count;
        }
        _instruments.Committed(group.Count, bytes - (long)group.Count * WalSegmentFormat.FrameHeaderSize);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].TrySetResult(first + i);
        }
    }

    private void SyncActive()
    {
        if (_fault is null)
        {
            _active.Sync();
        }
        _unsynced = false;
    }

    private void RollSegment()
    {
        // The sealed segment ends at its last frame: readers of a sealed segment take its end of file as its end.
        _active.Trim(sync: _options.FsyncPolicy != WalFsyncPolicy.Never);
        _unsynced = false;
        var next = CreateSegment(_directory, _nextLsn, _options.FsyncPolicy);
        var previous = _active;
        lock (_segmentsLock)
        {
            _segmentFirstLsns.Add(_nextLsn);
            _active = next;
        }
        previous.Dispose();
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            throw new IOException($"The WAL of channel '{Channel}' failed earlier; reopen it to recover.", _fault);
        }
    }

    private static async ValueTask<(WalSegmentWriter Active, WalRecoveryResult Recovery)> RecoverLastSegmentAsync(
        string directory, List<long> firstLsns, LocalWalOptions options, CancellationToken cancellationToken)
    {
        var firstLsn = firstLsns[^1];
        var path = SegmentPath(directory, firstLsn);
        var fileLength = new FileInfo(path).Length;
        using (var reader = new WalFrameReader(path, firstLsn, options.MaxRecordBytes))
        {
            if (await reader.ReadHeaderAsync(cancellationToken))
            {
                while (await reader.ReadNextAsync(cancellationToken))
                {
                }
                var writer = WalSegmentWriter.Open(path, reader.ValidLength);
                if (reader.ValidLength < fileLength)
                {
                    // Everything after the first bad frame (or the zero padding of the last write) was never acknowledged
                    // (acknowledgement follows the fsync of all before it).
                    writer.Trim(sync: true);
                }
                var discarded = fileLength - reader.ValidLength;
                return (writer,
                    new WalRecoveryResult(firstLsns.Count, reader.NextLsn, discarded, discarded > 0 ? reader.StopReason ?? "trailing bytes" : null));
            }
            if (fileLength >= WalSegmentFormat.HeaderSize)
            {
                throw new WalCorruptException($"WAL segment '{path}' is damaged: {reader.StopReason}.");
            }
        }
        // The header itself is torn: the process died while starting this segment, before any record went into it.
        File.Delete(path);
        var created = CreateSegment(directory, firstLsn, options.FsyncPolicy);
        return (created,
            new WalRecoveryResult(firstLsns.Count, firstLsn, fileLength, $"the segment header is incomplete ({fileLength} bytes)"));
    }

    private static WalSegmentWriter CreateSegment(string directory, long firstLsn, WalFsyncPolicy policy)
    {
        var path = SegmentPath(directory, firstLsn);
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[WalSegmentFormat.HeaderSize];
        WalSegmentFormat.WriteHeader(header, firstLsn);
        RandomAccess.Write(handle, header, 0);
        if (policy != WalFsyncPolicy.Never)
        {
            RandomAccess.FlushToDisk(handle);
            DirectorySync.Flush(directory);
        }
        return WalSegmentWriter.Open(path, WalSegmentFormat.HeaderSize);
    }

    private static List<long> ListSegments(string directory)
    {
        var firstLsns = new List<long>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + WalSegmentFormat.Extension))
        {
            if (WalSegmentFormat.TryParseFileName(Path.GetFileName(path), out var first))
            {
                firstLsns.Add(first);
            }
        }
        firstLsns.Sort();
        return firstLsns;
    }

    private static FileStream AcquireLock(string directory, string channel)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The WAL of channel '{channel}' in '{directory}' is already open (its LOCK file is held).", ex);
        }
    }

    private static string SegmentPath(string directory, long firstLsn) => Path.Combine(directory, WalSegmentFormat.FileName(firstLsn));

    /// <summary>An append waiting for its group commit; completes with its LSN.</summary>
    private sealed class PendingAppend(ReadOnlyMemory<byte> record) : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public ReadOnlyMemory<byte> Record { get; } = record;
    }
}
