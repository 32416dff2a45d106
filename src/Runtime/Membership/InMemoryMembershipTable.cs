using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace OrleansVector.Runtime;

/// <summary>
/// Membership with leases in process memory, for a standalone silo and for in-process test clusters. Leases expire by the
/// given <see cref="TimeProvider"/> exactly as etcd's do: <c>ttl</c> after the last renewal. A single point of failure by
/// design (it lives in one process); clusters use etcd. <see cref="SuspendKeepAlives"/> simulates a silo cut off from the store.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable, IDisposable
{
    private readonly TimeProvider _time;
    private readonly Dictionary<long, Lease> _leases = [];
    private readonly HashSet<SiloAddress> _suspended = [];
    private readonly List<Channel<MembershipSnapshot>> _watchers = [];
    private readonly ITimer _expiryTimer;
    private long _nextLeaseId;
    private MembershipSnapshot _snapshot = MembershipSnapshot.Empty;

    public InMemoryMembershipTable(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _expiryTimer = _time.CreateTimer(static s => ((InMemoryMembershipTable)s!).ExpireDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Guards this table together with the directory bound to it, so registration and lease expiry are atomic.</summary>
    internal Lock SyncRoot { get; } = new();

    /// <summary>Raised under <see cref="SyncRoot"/> when a lease ends (expired or revoked).</summary>
    internal event Action<long>? LeaseEnded;

    public MembershipSnapshot Snapshot
    {
        get
        {
            lock (SyncRoot)
            {
                return _snapshot;
            }
        }
    }

    public Task<long> JoinAsync(SiloEntry entry, TimeSpan leaseTtl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTtl, TimeSpan.Zero);
        lock (SyncRoot)
        {
            ExpireDueLocked();
            var id = ++_nextLeaseId;
            _leases[id] = new Lease(entry, leaseTtl, _time.GetUtcNow() + leaseTtl);
            PublishLocked();
            return Task.FromResult(id);
        }
    }

    public Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken)
    {
        lock (SyncRoot)
        {
            ExpireDueLocked();
            if (!_leases.TryGetValue(leaseId, out var lease))
            {
                return Task.FromResult(false);
            }
            if (_suspended.Contains(lease.Entry.Address))
            {
                return Task.FromException<bool>(new IOException($"Keep-alives of silo {lease.Entry.Address} are suspended (simulated loss of contact with the membership store)."));
            }
            lease.ExpiresAt = _time.GetUtcNow() + lease.Ttl;
            RescheduleLocked();
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateAsync(long leaseId, SiloEntry entry, CancellationToken cancellationToken)
    {
        lock (SyncRoot)
        {
            ExpireDueLocked();
            if (!_leases.TryGetValue(leaseId, out var lease) || _suspended.Contains(lease.Entry.Address))
            {
                return Task.FromResult(false);
            }
            lease.Entry = entry;
            PublishLocked();
            return Task.FromResult(true);
        }
    }

    public Task LeaveAsync(long leaseId, CancellationToken cancellationToken)
    {
        lock (SyncRoot)
        {
            if (_leases.Remove(leaseId))
            {
                LeaseEnded?.Invoke(leaseId);
                PublishLocked();
            }
            return Task.CompletedTask;
        }
    }

    public async IAsyncEnumerable<MembershipSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<MembershipSnapshot>(new UnboundedChannelOptions { SingleReader = true });
        lock (SyncRoot)
        {
            channel.Writer.TryWrite(_snapshot);
            _watchers.Add(channel);
        }
        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (SyncRoot)
            {
                _watchers.Remove(channel);
            }
        }
    }

    /// <summary>Test hook: renewals of this silo's lease fail from now on, as if it could not reach the store; its lease then expires.</summary>
    public void SuspendKeepAlives(SiloAddress silo)
    {
        lock (SyncRoot)
        {
            _suspended.Add(silo);
        }
    }

    /// <summary>True while the lease exists and has not expired.</summary>
    internal bool IsLeaseAliveLocked(long leaseId)
    {
        ExpireDueLocked();
        return _leases.ContainsKey(leaseId);
    }

    public void Dispose() => _expiryTimer.Dispose();

    private void ExpireDue()
    {
        lock (SyncRoot)
        {
            ExpireDueLocked();
        }
    }

    private void ExpireDueLocked()
    {
        var now = _time.GetUtcNow();
        var expired = _leases.Where(l => l.Value.ExpiresAt <= now).Select(l => l.Key).ToList();
        foreach (var id in expired)
        {
            _leases.Remove(id);
            LeaseEnded?.Invoke(id);
        }
        if (expired.Count > 0)
        {
            PublishLocked();
        }
        else
        {
            RescheduleLocked();
        }
    }

    private void PublishLocked()
    {
        _snapshot = new MembershipSnapshot(_snapshot.Version + 1, [.. _leases.Values.Select(l => l.Entry)]);
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(_snapshot);
        }
        RescheduleLocked();
    }

    private void RescheduleLocked()
    {
        if (_leases.Count == 0)
        {
            _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = _leases.Values.Min(l => l.ExpiresAt) - _time.GetUtcNow();
        _expiryTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private sealed class Lease(SiloEntry entry, TimeSpan ttl, DateTimeOffset expiresAt)
    {
        public SiloEntry Entry { get; set; } = entry;

        public TimeSpan Ttl { get; } = ttl;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
    }
}
