using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using OrleansVector.Etcd;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Runtime.Clustering;

/// <summary>
/// The membership table in etcd. A silo's entry is a key under the members prefix attached to an etcd lease granted for
/// the silo: renewing the lease is the silo's heartbeat, and when the lease ends (expiry, revocation) etcd deletes the entry
/// and every directory entry bound to the same lease in one step. Silos learn the table by listing the prefix and then
/// watching it from the next revision; a snapshot's version is the etcd revision it reflects.
/// </summary>
public sealed class EtcdMembershipTable : IMembershipTable
{
    private readonly EtcdClient _client;
    private readonly EtcdClusterKeys _keys;

    public EtcdMembershipTable(EtcdClient client, string keyPrefix, string clusterId)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _keys = new EtcdClusterKeys(keyPrefix, clusterId);
    }

    /// <summary>
    /// etcd leases have whole seconds (and a floor of about 2 s); the TTL is rounded up, so etcd never expires the lease
    /// before the silo, which fences itself by <paramref name="leaseTtl"/>, has stopped serving.
    /// </summary>
    public async Task<long> JoinAsync(SiloEntry entry, TimeSpan leaseTtl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseTtl, TimeSpan.Zero);
        var grant = await _client.LeaseGrantAsync((long)Math.Ceiling(leaseTtl.TotalSeconds), 0, cancellationToken).ConfigureAwait(false);
        try
        {
            await _client.PutAsync(_keys.Member(entry.Address), EtcdClusterKeys.Encode(entry), grant.ID, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await RevokeAsync(grant.ID, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return grant.ID;
    }

    public async Task<bool> KeepAliveAsync(long leaseId, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.KeepAliveOnceAsync(leaseId, cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (EtcdLeaseNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Rewrites the entry only while it exists: once the lease ended the key is gone and must not come back.</summary>
    public async Task<bool> UpdateAsync(long leaseId, SiloEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = _keys.Member(entry.Address);
        try
        {
            var txn = await _client.TxnAsync(new TxnRequest
            {
                Compare = { EtcdCompare.Exists(key) },
                Success = { EtcdOp.Put(key, EtcdClusterKeys.Encode(entry), leaseId) },
            }, cancellationToken).ConfigureAwait(false);
            return txn.Succeeded;
        }
        catch (EtcdLeaseNotFoundException)
        {
            return false;
        }
    }

    public Task LeaveAsync(long leaseId, CancellationToken cancellationToken) => RevokeAsync(leaseId, cancellationToken);

    public async IAsyncEnumerable<MembershipSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            // List, then watch from the next revision: no change is missed between the two.
            var range = await _client.GetPrefixAsync(_keys.MembersPrefix, cancellationToken).ConfigureAwait(false);
            var members = new SortedDictionary<string, SiloEntry>(StringComparer.Ordinal);
            foreach (var kv in range.Kvs)
            {
                members[EtcdKeys.ToUtf8(kv.Key)] = EtcdClusterKeys.DecodeMember(kv.Value);
            }
            var revision = range.Header.Revision;
            yield return Snapshot(revision, members);
            var watch = await _client.WatchPrefixAsync(_keys.MembersPrefix, revision + 1, prevKv: false, cancellationToken).ConfigureAwait(false);
            try
            {
                while (await NextBatchAsync(watch.Events, cancellationToken).ConfigureAwait(false) is { } batch)
                {
                    foreach (var change in batch)
                    {
                        var key = EtcdKeys.ToUtf8(change.Kv.Key);
                        if (change.Type == Event.Types.EventType.Delete)
                        {
                            members.Remove(key);
                        }
                        else
                        {
                            members[key] = EtcdClusterKeys.DecodeMember(change.Kv.Value);
                        }
                        revision = Math.Max(revision, change.Kv.ModRevision);
                    }
                    yield return Snapshot(revision, members);
                }
            }
            finally
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every event available now (at least one); null when the watch must restart from a fresh listing.</summary>
    private static async Task<List<Event>?> NextBatchAsync(ChannelReader<Event> events, CancellationToken cancellationToken)
    {
        try
        {
            if (!await events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (EtcdCompactedException)
        {
            return null;
        }
        var batch = new List<Event>();
        while (events.TryRead(out var change))
        {
            batch.Add(change);
        }
        return batch;
    }

    private static MembershipSnapshot Snapshot(long revision, SortedDictionary<string, SiloEntry> members) =>
        new(revision, members.Values.ToImmutableArray());

    private async Task RevokeAsync(long leaseId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.LeaseRevokeAsync(leaseId, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdLeaseNotFoundException)
        {
            // Already ended: the entry and its directory entries are gone either way.
        }
    }
}
