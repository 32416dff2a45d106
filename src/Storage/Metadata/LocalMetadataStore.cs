using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansVector.Storage.Metadata;

/// <summary>
/// The standalone metadata store: state in memory, every committed transaction appended to meta.log as one CRC32C-framed
/// record and fsynced before it is acknowledged, the log folded into meta.snapshot (temp + fsync + rename) when it grows.
/// A crash leaves each transaction wholly applied or not at all: recovery replays intact records and cuts the log at the
/// first torn one (which was never acknowledged). One process opens a store at a time (the log is opened exclusively).
/// </summary>
public sealed partial class LocalMetadataStore : IMetadataStore
{
    private const string LogFileName = "meta.log";
    private const string SnapshotFileName = "meta.snapshot";

    private readonly LocalMetadataStoreOptions _options;
    private readonly ILogger _logger;
    private readonly MetadataState _state;
    private readonly MetadataWatchHub _hub;
    private readonly FileStream _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _logLength;
    private Exception? _broken;
    private bool _disposed;

    private LocalMetadataStore(LocalMetadataStoreOptions options, ILogger logger, MetadataState state, FileStream log)
    {
        _options = options;
        _logger = logger;
        _state = state;
        _log = log;
        _logLength = log.Length;
        _hub = new MetadataWatchHub(options.WatchHistoryLimit, state.Revision);
    }

    private string LogPath => Path.Combine(_options.Directory, LogFileName);

    private string SnapshotPath => Path.Combine(_options.Directory, SnapshotFileName);

    /// <summary>Opens or creates the store in <see cref="LocalMetadataStoreOptions.Directory"/>, recovering after a crash.</summary>
    /// <exception cref="InvalidDataException">The snapshot is corrupt, or a file has an unknown format version.</exception>
    /// <exception cref="IOException">Another process has the store open.</exception>
    public static LocalMetadataStore Open(LocalMetadataStoreOptions options, ILogger<LocalMetadataStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var directory = Directory.CreateDirectory(options.Directory).FullName;
        var state = new MetadataState();
        var snapshotPath = Path.Combine(directory, SnapshotFileName);
        if (File.Exists(snapshotPath))
        {
            var (revision, entries) = MetadataLogFormat.DecodeSnapshot(File.ReadAllBytes(snapshotPath), snapshotPath);
            state.Load(revision, entries);
        }
        var logPath = Path.Combine(directory, LogFileName);
        var stream = new FileStream(logPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            Recover(stream, logPath, state, log);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new LocalMetadataStore(options, log, state, stream);
    }

    private static void Recover(FileStream stream, string path, MetadataState state, ILogger logger)
    {
        var data = new byte[stream.Length];
        stream.ReadExactly(data);
        if (data.Length < MetadataLogFormat.FileHeaderSize)
        {
            // New, or torn while its header was written: nothing was ever acknowledged from it.
            stream.SetLength(0);
            stream.Write(MetadataLogFormat.FileHeader(MetadataLogFormat.LogMagic));
            stream.Flush(flushToDisk: true);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
            return;
        }
        MetadataLogFormat.CheckFileHeader(data, MetadataLogFormat.LogMagic, path);
        var records = MetadataLogFormat.DecodeRecords(data, out var validLength);
        foreach (var (revision, changes) in records)
        {
            // Records at or below the snapshot's revision were folded into it before a crash cut the log.
            if (revision > state.Revision)
            {
                state.Apply(revision, changes);
            }
        }
        if (validLength < data.Length)
        {
            Log.TornTail(logger, path, data.Length - validLength, validLength);
            stream.SetLength(validLength);
            stream.Flush(flushToDisk: true);
        }
        stream.Seek(0, SeekOrigin.End);
    }

    /// <inheritdoc />
    public Task<MetadataEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        MetadataKey.Validate(key);
        lock (_state)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Task.FromResult(_state.Get(key));
        }
    }

    /// <inheritdoc />
    public Task<MetadataRange> ScanAsync(string prefix, CancellationToken cancellationToken = default)
    {
        MetadataKey.ValidatePrefix(prefix);
        lock (_state)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Task.FromResult(_state.Scan(prefix));
        }
    }

    /// <inheritdoc />
    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        (await CommitAsync(new MetadataTransaction().Then(MetadataOperation.Put(key, value)), cancellationToken)).Revision;

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var result = await CommitAsync(new MetadataTransaction().When(MetadataCondition.Exists(key)).Then(MetadataOperation.Delete(key)), cancellationToken);
        return result.Succeeded;
    }

    /// <inheritdoc />
    public async Task<MetadataCommitResult> CommitAsync(MetadataTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_broken is not null)
            {
                throw new IOException($"metadata log '{LogPath}' could not be restored after a failed write; reopen the store", _broken);
            }
            // Only this writer changes the state, so planning outside the state lock sees a stable state.
            var revision = _state.Revision + 1;
            var changes = _state.Plan(transaction, revision);
            if (changes is null || changes.Count == 0)
            {
                return new MetadataCommitResult(changes is not null, _state.Revision);
            }
            await AppendAsync(MetadataLogFormat.EncodeRecord(revision, changes), cancellationToken);
            lock (_state)
            {
                _state.Apply(revision, changes);
                _hub.Publish(changes);
            }
            if (_logLength > _options.CompactAfterBytes)
            {
                Compact();
            }
            return new MetadataCommitResult(true, revision);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task AppendAsync(byte[] record, CancellationToken cancellationToken)
    {
        try
        {
            await _log.WriteAsync(record, cancellationToken);
            _log.Flush(flushToDisk: true);
            _logLength += record.Length;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // A partial record must not stay in front of later ones: cut the log back to the last acknowledged byte.
            try
            {
                _log.SetLength(_logLength);
                _log.Seek(0, SeekOrigin.End);
                _log.Flush(flushToDisk: true);
            }
            catch (IOException restore)
            {
                _broken = restore;
            }
            throw;
        }
    }

    /// <summary>Folds the log into a new snapshot, then empties the log. A crash in between replays records the snapshot already holds, which are skipped.</summary>
    private void Compact()
    {
        var snapshot = MetadataLogFormat.EncodeSnapshot(_state.Revision, _state.Count, _state.Entries);
        var temp = SnapshotPath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(snapshot);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, SnapshotPath, overwrite: true);
        DirectorySync.Flush(_options.Directory);
        _log.SetLength(MetadataLogFormat.FileHeaderSize);
        _log.Seek(0, SeekOrigin.End);
        _log.Flush(flushToDisk: true);
        _logLength = MetadataLogFormat.FileHeaderSize;
        Log.Compacted(_logger, SnapshotPath, _state.Revision, _state.Count);
    }

    /// <inheritdoc />
    public Task<MetadataWatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default)
    {
        MetadataKey.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        lock (_state)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Task.FromResult(_hub.Subscribe(prefix, fromRevision, _state.Revision));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            lock (_state)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
            }
            _hub.CompleteAll();
            await _log.DisposeAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "metadata log '{Path}': dropped a torn tail of {Bytes} bytes at offset {Offset} (an unacknowledged write cut by a crash)")]
        public static partial void TornTail(ILogger logger, string path, long bytes, long offset);

        [LoggerMessage(2, LogLevel.Information, "metadata store compacted into '{Path}' at revision {Revision} ({Count} keys)")]
        public static partial void Compacted(ILogger logger, string path, long revision, int count);
    }
}
