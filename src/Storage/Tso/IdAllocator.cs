using OrleansVector.Storage.Metadata;

namespace OrleansVector.Storage.Tso;

/// <summary>
/// Unique 64-bit IDs of one kind (collections, partitions, segments, auto-IDs). Reserves batches in the metadata store by
/// compare-and-swap on a high-water mark and serves them from memory, so IDs never repeat, across restarts or between
/// allocators of the same name in different processes; one allocator's IDs strictly increase.
/// </summary>
public sealed class IdAllocator
{
    private readonly PersistedCounter _highWater;
    private readonly IdAllocatorOptions _options;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _next;
    private long _end;

    public IdAllocator(IMetadataStore store, string name, IdAllocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options.Validate();
        MetadataKey.Validate(options.KeyPrefix + name);
        _options = options;
        _highWater = new PersistedCounter(store, options.KeyPrefix + name);
    }

    /// <summary>One new ID.</summary>
    public async ValueTask<long> NextAsync(CancellationToken cancellationToken = default) =>
        (await AllocateAsync(1, cancellationToken)).Start;

    /// <summary><paramref name="count"/> consecutive new IDs (e.g. the auto-IDs of one insert batch).</summary>
    public async ValueTask<IdRange> AllocateAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_end - _next < count)
            {
                await ReserveAsync(Math.Max(count, _options.BatchSize), cancellationToken);
            }
            var range = new IdRange(_next, count);
            _next += count;
            return range;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ReserveAsync(int size, CancellationToken cancellationToken)
    {
        // A lost race means another allocator reserved first; its range is skipped on the next read.
        while (true)
        {
            var (mark, modRevision) = await _highWater.ReadAsync(cancellationToken);
            var start = Math.Max(mark, Math.Max(_options.FirstId, _end));
            if (await _highWater.TryAdvanceAsync(modRevision, start + size, cancellationToken) is not null)
            {
                _next = start;
                _end = start + size;
                return;
            }
        }
    }
}
