using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansVector.Storage.Diagnostics;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>
/// The write-ahead log of one channel in object storage, after Woodpecker (Milvus 2.6's Pulsar replacement).
/// The owner batches appends into fragments (group commit), writes each fragment as one object, and commits it with a
/// metadata transaction guarded by its epoch: the fragment exists for readers only once that record is in the metadata
/// store. Opening the log makes the caller the owner by bumping the epoch, which fences every earlier owner: their
/// commits fail from then on (<see cref="WalFencedException"/>), and the new owner reads exactly the committed fragments.
/// </summary>
public sealed partial class ObjectStorageWriteAheadLog : IWriteAheadLog
{
    private readonly IMetadataStore _metadata;
    private readonly IObjectStore _objects;
    private readonly ObjectStorageWalOptions _options;
    private readonly ILogger _logger;
    private readonly WalChannelLayout _layout;
    private readonly byte[] _ownerValue;
    private readonly object _lock = new();
    private readonly List<WalFragmentInfo> _fragments;
    private readonly Channel<PendingAppend> _pending = System.Threading.Channels.Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _committer;
    private readonly WalInstruments _instruments;
    private long _nextLsn;
    private long _firstLsn;
    private Exception? _failure;

    private ObjectStorageWriteAheadLog(
        IMetadataStore metadata, IObjectStore objects, ObjectStorageWalOptions options, ILogger logger,
        WalChannelLayout layout, long epoch, WalCommittedState state)
    {
        _metadata = metadata;
        _objects = objects;
        _options = options;
        _logger = logger;
        _layout = layout;
        Epoch = epoch;
        _ownerValue = WalOwnerRecord.Encode(epoch, options.OwnerId);
        _fragments = state.Fragments;
        _firstLsn = state.FirstLsn;
        _nextLsn = state.NextLsn;
        _instruments = new WalInstruments("object", layout.Channel);
        _committer = Task.Run(CommitLoopAsync);
    }

    /// <inheritdoc />
    public string Channel => _layout.Channel;

    /// <summary>This owner's epoch; a later owner has a greater one.</summary>
    public long Epoch { get; }

    /// <inheritdoc />
    public long NextLsn => Interlocked.Read(ref _nextLsn);

    /// <inheritdoc />
    public long FirstLsn => Interlocked.Read(ref _firstLsn);

    /// <summary>
    /// Takes ownership of <paramref name="channel"/> (bumping its epoch, which fences the previous owner) and loads the
    /// committed fragment list. Objects left by fenced owners that never committed are removed.
    /// </summary>
    public static async Task<ObjectStorageWriteAheadLog> OpenAsync(
        IMetadataStore metadata, IObjectStore objects, string channel, ObjectStorageWalOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        WalChannelName.Validate(channel);
        options.Validate();
        var layout = new WalChannelLayout(options, channel);
        var epoch = await AcquireAsync(metadata, layout.OwnerKey, options.OwnerId, cancellationToken);
        // Read after the bump: no earlier owner can commit any more, so this list is final for them.
        var state = await WalCommittedState.LoadAsync(metadata, layout, cancellationToken);
        var log = new ObjectStorageWriteAheadLog(metadata, objects, options, logger, layout, epoch, state);
        Log.Opened(logger, channel, epoch, state.Fragments.Count, log.FirstLsn, log.NextLsn);
        await log.RemoveUncommittedObjectsAsync(cancellationToken);
        return log;
    }

    private static async Task<long> AcquireAsync(IMetadataStore metadata, string ownerKey, string ownerId, CancellationToken cancellationToken)
    {
        // Racing openers each retry on top of the other's epoch; the last one to bump owns the channel.
        while (true)
        {
            var current = await metadata.GetAsync(ownerKey, cancellationToken);
            var epoch = current is null ? 1 : WalOwnerRecord.Epoch(current.Value.Span, ownerKey) + 1;
            if (await metadata.CompareAndSwapAsync(ownerKey, current?.ModRevision ?? 0, WalOwnerRecord.Encode(epoch, ownerId), cancellationToken) is not null)
            {
                return epoch;
            }
        }
    }

    private async Task RemoveUncommittedObjectsAsync(CancellationToken cancellationToken)
    {
        HashSet<string> committed;
        lock (_lock)
        {
            committed = [.. _fragments.Select(_layout.ObjectKey)];
        }
        await foreach (var info in _objects.ListAsync(_layout.ObjectPrefix, cancellationToken))
        {
            if (!committed.Contains(info.Key))
            {
                await _objects.DeleteAsync(info.Key, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        if (record.IsEmpty || record.Length > _options.MaxRecordBytes)
        {
            throw new ArgumentException($"WAL record must be 1..{_options.MaxRecordBytes} bytes, got {record.Length}", nameof(record));
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _failure) is { } failure)
        {
            return ValueTask.FromException<long>(failure);
        }
        var pending = new PendingAppend(record);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(ObjectStorageWriteAheadLog), $"WAL channel '{Channel}' is closed");
        }
        return new ValueTask<long>(pending.Task);
    }

    private async Task CommitLoopAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<PendingAppend>();
        while (await reader.WaitToReadAsync())
        {
            // Everything that queued up while the previous fragment was committing goes into this one.
            var bytes = 0L;
            while (bytes < _options.MaxFragmentBytes && reader.TryRead(out var next))
            {
                batch.Add(next);
                bytes += next.Record.Length + 4;
            }
            if (Volatile.Read(ref _failure) is { } failure)
            {
                batch.ForEach(p => p.Fail(failure));
            }
            else
            {
                await CommitAsync(batch);
            }
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        var firstLsn = NextLsn;
        var records = batch.Select(p => p.Record).ToList();
        var bytes = WalFragmentFormat.Encode(Epoch, firstLsn, records);
        var info = new WalFragmentInfo(firstLsn, batch.Count, Epoch, bytes.Length, WalFragmentFormat.StoredCrc(bytes));
        try
        {
            // Not committed yet: a failed upload fails these appends and the next fragment reuses their LSNs.
            await _objects.PutAsync(_layout.ObjectKey(info), bytes);
        }
        catch (Exception e)
        {
            Log.UploadFailed(_logger, e, Channel, firstLsn);
            batch.ForEach(p => p.Fail(new IOException($"WAL channel '{Channel}': fragment at LSN {firstLsn} could not be written", e)));
            return;
        }
        MetadataCommitResult result;
        try
        {
            result = await _metadata.CommitAsync(new MetadataTransaction()
                .When(MetadataCondition.ValueEquals(_layout.OwnerKey, _ownerValue))
                .When(MetadataCondition.Missing(_layout.FragmentKey(firstLsn)))
                .Then(MetadataOperation.Put(_layout.FragmentKey(firstLsn), info.Encode())));
        }
        catch (Exception e)
        {
            // The commit may or may not have applied; only a reopen can tell, so this log stops here.
            Fail(new IOException($"WAL channel '{Channel}': commit of fragment at LSN {firstLsn} has an unknown outcome; reopen the log", e), batch);
            return;
        }
        if (!result.Succeeded)
        {
            Log.Fenced(_logger, Channel, Epoch);
            Fail(new WalFencedException($"WAL channel '{Channel}': epoch {Epoch} was fenced by a newer owner; fragment at LSN {firstLsn} was not committed"), batch);
            return;
        }
        lock (_lock)
        {
            _fragments.Add(info);
            Interlocked.Exchange(ref _nextLsn, info.EndLsn);
        }
        _instruments.Committed(batch.Count, records.Sum(r => (long)r.Length));
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Succeed(firstLsn + i);
        }
    }

    private void Fail(Exception failure, List<PendingAppend> batch)
    {
        Interlocked.CompareExchange(ref _failure, failure, null);
        batch.ForEach(p => p.Fail(failure));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WalRecord> ReadAsync(long fromLsn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<WalFragmentInfo> fragments;
        lock (_lock)
        {
            fromLsn = Math.Max(fromLsn, _firstLsn);
            fragments = [.. _fragments.Where(f => f.EndLsn > fromLsn)];
        }
        await foreach (var record in WalCommittedState.ReadAsync(_objects, _layout, fragments, fromLsn, cancellationToken))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public async ValueTask TruncateBeforeAsync(long checkpointLsn, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointLsn);
        List<WalFragmentInfo> dropped;
        lock (_lock)
        {
            checkpointLsn = Math.Min(checkpointLsn, _nextLsn);
            if (checkpointLsn <= _firstLsn)
            {
                return;
            }
            dropped = [.. _fragments.Where(f => f.EndLsn <= checkpointLsn)];
        }
        var point = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(point, checkpointLsn);
        var transaction = new MetadataTransaction()
            .When(MetadataCondition.ValueEquals(_layout.OwnerKey, _ownerValue))
            .Then(MetadataOperation.Put(_layout.TruncatedKey, point));
        dropped.ForEach(f => transaction.Then(MetadataOperation.Delete(_layout.FragmentKey(f.FirstLsn))));
        if (!(await _metadata.CommitAsync(transaction, cancellationToken)).Succeeded)
        {
            throw new WalFencedException($"WAL channel '{Channel}': epoch {Epoch} was fenced by a newer owner; truncation to LSN {checkpointLsn} was not applied");
        }
        lock (_lock)
        {
            _fragments.RemoveAll(f => f.EndLsn <= checkpointLsn);
            Interlocked.Exchange(ref _firstLsn, Math.Max(_firstLsn, checkpointLsn));
        }
        foreach (var fragment in dropped)
        {
            await _objects.DeleteAsync(_layout.ObjectKey(fragment), cancellationToken);
        }
    }

    /// <summary>Commits what was appended before the call, then stops. Ownership stays until a new owner bumps the epoch.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _committer;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "WAL channel '{Channel}' opened at epoch {Epoch}: {Fragments} committed fragments, LSN {First}..{Next}")]
        public static partial void Opened(ILogger logger, string channel, long epoch, int fragments, long first, long next);

        [LoggerMessage(2, LogLevel.Warning, "WAL channel '{Channel}': epoch {Epoch} is fenced by a newer owner")]
        public static partial void Fenced(ILogger logger, string channel, long epoch);

        [LoggerMessage(3, LogLevel.Warning, "WAL channel '{Channel}': upload of the fragment at LSN {Lsn} failed")]
        public static partial void UploadFailed(ILogger logger, Exception exception, string channel, long lsn);
    }
}
