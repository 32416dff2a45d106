namespace OrleansVector.Runtime;

/// <summary>
/// The grain directory in process memory, bound to an <see cref="InMemoryMembershipTable"/>: a registration is accepted
/// only under a live lease, and an entry disappears when its lease ends — the same contract as the etcd directory.
/// An entry of an earlier incarnation of the registering silo is replaced: a silo rejoins only after it dropped every activation.
/// </summary>
public sealed class InMemoryGrainDirectory : IGrainDirectory
{
    private readonly InMemoryMembershipTable _membership;
    private readonly Dictionary<GrainId, (GrainAddress Address, long LeaseId)> _entries = [];
    private readonly Dictionary<long, HashSet<GrainId>> _byLease = [];

    public InMemoryGrainDirectory(InMemoryMembershipTable membership)
    {
        _membership = membership;
        membership.LeaseEnded += OnLeaseEnded;
    }

    /// <summary>How many grains have an entry.</summary>
    public int Count
    {
        get
        {
            lock (_membership.SyncRoot)
            {
                return _entries.Count;
            }
        }
    }

    public Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous, long leaseId, CancellationToken cancellationToken)
    {
        lock (_membership.SyncRoot)
        {
            if (!_membership.IsLeaseAliveLocked(leaseId))
            {
                return Task.FromException<GrainAddress>(new SiloUnavailableException($"Silo {address.Silo} has no live lease; it cannot register {address.GrainId}."));
            }
            if (_entries.TryGetValue(address.GrainId, out var existing) && existing.Address != previous && !address.Silo.Supersedes(existing.Address.Silo))
            {
                return Task.FromResult(existing.Address);
            }
            if (existing.Address is not null)
            {
                _byLease[existing.LeaseId].Remove(address.GrainId);
            }
            _entries[address.GrainId] = (address, leaseId);
            if (!_byLease.TryGetValue(leaseId, out var grains))
            {
                _byLease[leaseId] = grains = [];
            }
            grains.Add(address.GrainId);
            return Task.FromResult(address);
        }
    }

    public Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        lock (_membership.SyncRoot)
        {
            if (_entries.TryGetValue(address.GrainId, out var existing) && existing.Address == address)
            {
                _entries.Remove(address.GrainId);
                _byLease[existing.LeaseId].Remove(address.GrainId);
            }
            return Task.CompletedTask;
        }
    }

    public Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        lock (_membership.SyncRoot)
        {
            return Task.FromResult(_entries.TryGetValue(grainId, out var entry) && _membership.IsLeaseAliveLocked(entry.LeaseId) ? entry.Address : null);
        }
    }

    private void OnLeaseEnded(long leaseId)
    {
        if (_byLease.Remove(leaseId, out var grains))
        {
            foreach (var grain in grains)
            {
                _entries.Remove(grain);
            }
        }
    }
}
