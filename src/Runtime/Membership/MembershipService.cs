using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Configuration;

namespace OrleansVector.Runtime.Membership;

/// <summary>
/// A silo's side of membership: joins under a lease, renews it, publishes its status and load, watches the table, and
/// fences itself — stops serving — <see cref="MembershipOptions.FencingMargin"/> before the earliest moment the store could
/// expire its lease. The deadline is measured from when the last successful renewal was <em>sent</em>, which is never later
/// than when the store renewed it, so the silo always stops first.
/// </summary>
internal sealed partial class MembershipService : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SiloAddress, bool> _dead = new();
    private readonly ITimer _fenceTimer;
    private readonly ITimer _keepAliveTimer;
    private readonly Func<SiloEntry> _describeSelf;
    private CancellationTokenSource _stop = new();
    private Task _renewal = Task.CompletedTask;
    private int _renewing;
    private Task _watchLoop = Task.CompletedTask;
    private SiloEntry? _published;
    private volatile MembershipSnapshot _snapshot = MembershipSnapshot.Empty;
    private volatile bool _fenced;

    public MembershipService(IMembershipTable table, MembershipOptions options, TimeProvider time, ILogger logger, Func<SiloEntry> describeSelf)
    {
        _table = table;
        _options = options;
        _time = time;
        _logger = logger;
        _describeSelf = describeSelf;
        _fenceTimer = time.CreateTimer(static s => ((MembershipService)s!).OnFenceDeadline(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _keepAliveTimer = time.CreateTimer(static s => ((MembershipService)s!).OnKeepAliveTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public long LeaseId { get; private set; }

    public MembershipSnapshot Snapshot => _snapshot;

    /// <summary>Raised when a silo leaves the table (its lease ended): calls to it fail fast from now on.</summary>
    public event Action<SiloAddress>? SiloDied;

    /// <summary>Raised once when this silo must stop serving; raised on the timer thread, synchronously.</summary>
    public event Action? LeaseLost;

    /// <summary>Raised after every snapshot is applied.</summary>
    public event Action<MembershipSnapshot>? SnapshotApplied;

    /// <summary>True for a silo that left the table, or that a newer incarnation on the same endpoint replaced.</summary>
    public bool IsDead(SiloAddress silo)
    {
        if (_dead.ContainsKey(silo))
        {
            return true;
        }
        foreach (var member in _snapshot.Members)
        {
            if (member.Address.Supersedes(silo))
            {
                return true;
            }
        }
        return false;
    }

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        _stop = new CancellationTokenSource();
        _fenced = false;
        var self = _describeSelf();
        var sent = _time.GetUtcNow();
        LeaseId = await _table.JoinAsync(self, _options.LeaseTtl, cancellationToken).ConfigureAwait(false);
        _published = self;
        ArmFence(sent);
        var stop = _stop.Token;
        _keepAliveTimer.Change(_options.KeepAliveInterval, _options.KeepAliveInterval);
        _watchLoop = Task.Run(() => WatchLoopAsync(stop), CancellationToken.None);
        LogInformationJoined(_logger, self.Address, LeaseId);
    }

    /// <summary>Publishes a changed status or load now (for example ShuttingDown before deactivating everything).</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var self = _describeSelf();
        if (self != _published && await _table.UpdateAsync(LeaseId, self, cancellationToken).ConfigureAwait(false))
        {
            _published = self;
        }
    }

    /// <summary>Ends the lease (graceful leave): the entry and this silo's directory entries disappear at once.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync().ConfigureAwait(false);
        await _table.LeaveAsync(LeaseId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops renewing without telling the store (a crash): the lease expires on its own.</summary>
    public Task AbandonAsync() => StopLoopsAsync();

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync().ConfigureAwait(false);
        _fenceTimer.Dispose();
        _keepAliveTimer.Dispose();
    }

    private async Task StopLoopsAsync()
    {
        _fenceTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _keepAliveTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_renewal, _watchLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// A timer tick rather than a delay loop: with a store that answers synchronously the renewal and the re-armed fence
    /// happen inside the tick, which keeps tests on a manual clock deterministic.
    /// </summary>
    private void OnKeepAliveTick()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 0)
        {
            _renewal = RenewAsync(_stop.Token);
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var sent = _time.GetUtcNow();
        try
        {
            if (!await _table.KeepAliveAsync(LeaseId, stop).ConfigureAwait(false))
            {
                OnLeaseGone("the membership store says the lease has ended");
                return;
            }
            ArmFence(sent);
            await PublishAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            LogWarningKeepAliveFailed(_logger, exception, LeaseId);
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    /// <summary>Follows the table until stopped; a failed watch is opened again after a keep-alive interval.</summary>
    private async Task WatchLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var snapshot in _table.WatchAsync(stop).ConfigureAwait(false))
                {
                    Apply(snapshot);
                }
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogWarningWatchFailed(_logger, exception);
            }
            try
            {
                await Task.Delay(_options.KeepAliveInterval, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Apply(MembershipSnapshot snapshot)
    {
        var previous = _snapshot;
        if (snapshot.Version <= previous.Version)
        {
            return;
        }
        _snapshot = snapshot;
        foreach (var member in previous.Members)
        {
            if (snapshot.Find(member.Address) is null && _dead.TryAdd(member.Address, true))
            {
                LogInformationSiloDead(_logger, member.Address);
                SiloDied?.Invoke(member.Address);
            }
        }
        SnapshotApplied?.Invoke(snapshot);
    }

    private void ArmFence(DateTimeOffset renewalSent)
    {
        var due = renewalSent + _options.LeaseTtl - _options.FencingMargin - _time.GetUtcNow();
        _fenceTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void OnFenceDeadline() => OnLeaseGone($"no renewal succeeded within {_options.LeaseTtl - _options.FencingMargin}");

    private void OnLeaseGone(string why)
    {
        if (_fenced)
        {
            return;
        }
        _fenced = true;
        _fenceTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _keepAliveTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _stop.Cancel();
        LogWarningLeaseLost(_logger, LeaseId, why);
        LeaseLost?.Invoke();
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Silo {Silo} joined the cluster under lease {Lease}")]
    private static partial void LogInformationJoined(ILogger logger, SiloAddress silo, long lease);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Renewing lease {Lease} failed")]
    private static partial void LogWarningKeepAliveFailed(ILogger logger, Exception exception, long lease);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Watching membership failed")]
    private static partial void LogWarningWatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Silo {Silo} is dead")]
    private static partial void LogInformationSiloDead(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "Lost lease {Lease}: {Why}; this silo stops serving")]
    private static partial void LogWarningLeaseLost(ILogger logger, long lease, string why);
}
