namespace OrleansVector.Runtime;

/// <summary>
/// The cluster's membership store. Each silo holds a lease (its liveness); its entry lives as long as the lease, and so do
/// the directory entries bound to it. Implementations: <see cref="InMemoryMembershipTable"/> (standalone and tests) and etcd.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Grants a lease of <paramref name="leaseTtl"/> and stores the entry under it; returns the lease id.</summary>
    Task<long> JoinAsync(SiloEntry entry, TimeSpan leaseTtl, CancellationToken cancellationToken);

    /// <summary>Renews the lease; false when it has already ended (the silo must stop serving).</summary>
    Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>Replaces the entry held under the lease (status, load); false when the lease has ended.</summary>
    Task<bool> UpdateAsync(long leaseId, SiloEntry entry, CancellationToken cancellationToken);

    /// <summary>Ends the lease at once: the entry and every directory entry bound to it disappear.</summary>
    Task LeaveAsync(long leaseId, CancellationToken cancellationToken);

    /// <summary>The current table, then a new snapshot after every change, until cancelled.</summary>
    IAsyncEnumerable<MembershipSnapshot> WatchAsync(CancellationToken cancellationToken);
}
