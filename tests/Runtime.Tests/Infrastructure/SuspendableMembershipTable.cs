namespace OrleansVector.Runtime.Tests.Infrastructure;

/// <summary>
/// A membership table whose lease renewals can be made to fail, as if the silo lost contact with the store while the
/// store itself stays healthy: etcd then expires the lease on its own. Everything else goes to the real table.
/// </summary>
public sealed class SuspendableMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private volatile bool _suspended;

    public void SuspendKeepAlives() => _suspended = true;

    public Task<long> JoinAsync(SiloEntry entry, TimeSpan leaseTtl, CancellationToken cancellationToken) => inner.JoinAsync(entry, leaseTtl, cancellationToken);

    public Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken) => _suspended
        ? Task.FromException<bool>(new IOException("Keep-alives are suspended (simulated loss of contact with etcd)."))
        : inner.KeepAliveAsync(leaseId, cancellationToken);

    public Task<bool> UpdateAsync(long leaseId, SiloEntry entry, CancellationToken cancellationToken) => inner.UpdateAsync(leaseId, entry, cancellationToken);

    public Task LeaveAsync(long leaseId, CancellationToken cancellationToken) => inner.LeaveAsync(leaseId, cancellationToken);

    public IAsyncEnumerable<MembershipSnapshot> WatchAsync(CancellationToken cancellationToken) => inner.WatchAsync(cancellationToken);
}
