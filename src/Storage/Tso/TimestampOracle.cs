using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Storage.Metadata;

namespace OrleansVector.Storage.Tso;

/// <summary>
/// The timestamp oracle: strictly increasing hybrid timestamps (<see cref="HybridTimestamp"/>), also across restarts
/// and when the wall clock steps back. It persists a high-water physical time one <see cref="TimestampOracleOptions.Window"/>
/// ahead of what it serves (one metadata write per window) and, after a restart, starts above the persisted mark.
/// The mark is moved by compare-and-swap: when a second oracle takes the key over, the first gets
/// <see cref="TsoFencedException"/> at its next window instead of serving overlapping timestamps.
/// </summary>
public sealed partial class TimestampOracle
{
    private readonly PersistedCounter _highWater;
    private readonly TimestampOracleOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _started;
    private long _physical;
    private long _logical;
    private long _windowEnd;
    private long _modRevision;

    public TimestampOracle(IMetadataStore store, TimestampOracleOptions options, TimeProvider? timeProvider = null, ILogger<TimestampOracle>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _highWater = new PersistedCounter(store, options.Key);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<TimestampOracle>.Instance;
    }

    /// <summary>One new timestamp, greater than every timestamp handed out before by this key's oracles.</summary>
    public async ValueTask<ulong> GetTimestampAsync(CancellationToken cancellationToken = default) =>
        (await AllocateAsync(1, cancellationToken)).First;

    /// <summary><paramref name="count"/> consecutive new timestamps (at most 2^18, one millisecond's worth).</summary>
    public async ValueTask<TimestampRange> AllocateAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, HybridTimestamp.LogicalPerMillisecond);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_started)
            {
                await StartAsync(cancellationToken);
            }
            var now = NowMs();
            long physical, logical;
            if (now > _physical)
            {
                physical = now;
                logical = 0;
            }
            else
            {
                // Same millisecond, or the clock stepped back: keep counting on the last physical time.
                physical = _physical;
                logical = _logical + 1;
                if (logical + count > HybridTimestamp.LogicalPerMillisecond)
                {
                    physical++;
                    logical = 0;
                }
            }
            if (physical >= _windowEnd)
            {
                await PersistWindowAsync(physical + WindowMs, cancellationToken);
            }
            _physical = physical;
            _logical = logical + count - 1;
            return new TimestampRange(HybridTimestamp.Compose(physical, logical), count);
        }
        finally
        {
            _lock.Release();
        }
    }

    private long WindowMs => (long)_options.Window.TotalMilliseconds;

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var (saved, modRevision) = await _highWater.ReadAsync(cancellationToken);
        _modRevision = modRevision;
        // Everything served before had a physical time below the saved mark.
        _physical = Math.Max(NowMs(), saved);
        _logical = -1;
        await PersistWindowAsync(_physical + WindowMs, cancellationToken);
        _started = true;
        Log.Started(_logger, _options.Key, _physical, saved);
    }

    private async Task PersistWindowAsync(long windowEnd, CancellationToken cancellationToken)
    {
        var revision = await _highWater.TryAdvanceAsync(_modRevision, windowEnd, cancellationToken);
        if (revision is null)
        {
            Log.Fenced(_logger, _options.Key);
            throw new TsoFencedException($"another timestamp oracle moved '{_options.Key}'; this one stops serving");
        }
        _modRevision = revision.Value;
        _windowEnd = windowEnd;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "timestamp oracle on '{Key}' starts at physical {Physical} ms (persisted mark was {Saved})")]
        public static partial void Started(ILogger logger, string key, long physical, long saved);

        [LoggerMessage(2, LogLevel.Error, "timestamp oracle on '{Key}' was fenced by another oracle")]
        public static partial void Fenced(ILogger logger, string key);
    }
}
