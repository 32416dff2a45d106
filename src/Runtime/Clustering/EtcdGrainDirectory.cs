using OrleansVector.Etcd;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Runtime.Clustering;

/// <summary>
/// The grain directory in etcd: one key per grain, created by a create-if-absent transaction and attached to the hosting
/// silo's lease, so it disappears with that silo. A registration that finds an entry returns it (the winner), unless the
/// entry is the caller's <c>previous</c> or belongs to an earlier incarnation of the caller's own endpoint; such an entry is
/// replaced by a transaction conditioned on its revision, so two silos can never both succeed.
/// </summary>
public sealed class EtcdGrainDirectory : IGrainDirectory
{
    /// <summary>Each lost race means the entry changed under us; this many in a row means something is wrong.</summary>
    private const int MaxAttempts = 8;

    private readonly EtcdClient _client;
    private readonly EtcdClusterKeys _keys;

    public EtcdGrainDirectory(EtcdClient client, string keyPrefix, string clusterId)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _keys = new EtcdClusterKeys(keyPrefix, clusterId);
    }

    public async Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous, long leaseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = _keys.Grain(address.GrainId);
        var value = EtcdClusterKeys.Encode(address);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var created = await PutIfAsync(address, leaseId, EtcdCompare.Missing(key), key, value, cancellationToken).ConfigureAwait(false);
            if (created.Succeeded)
            {
                return address;
            }
            var current = created.Responses[0].ResponseRange.Kvs.FirstOrDefault();
            if (current is null)
            {
                continue; // deleted since the compare: try to create it again
            }
            var existing = EtcdClusterKeys.DecodeAddress(address.GrainId, current.Value);
            if (existing == address)
            {
                return address;
            }
            if (existing != previous && !address.Silo.Supersedes(existing.Silo))
            {
                return existing;
            }
            var replaced = await PutIfAsync(
                address, leaseId, EtcdCompare.ModRevision(key, Compare.Types.CompareResult.Equal, current.ModRevision), key, value, cancellationToken).ConfigureAwait(false);
            if (replaced.Succeeded)
            {
                return address;
            }
        }
        throw new InvalidOperationException($"Registering {address} in the etcd directory lost {MaxAttempts} races in a row.");
    }

    public async Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = _keys.Grain(address.GrainId);
        await _client.TxnAsync(new TxnRequest
        {
            Compare = { EtcdCompare.Value(key, Compare.Types.CompareResult.Equal, EtcdClusterKeys.Encode(address)) },
            Success = { EtcdOp.Delete(key) },
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var kv = await _client.GetAsync(_keys.Grain(grainId), cancellationToken).ConfigureAwait(false);
        return kv is null ? null : EtcdClusterKeys.DecodeAddress(grainId, kv.Value);
    }

    /// <summary>Puts the entry under the lease when <paramref name="condition"/> holds, else reads the current entry.</summary>
    private async Task<TxnResponse> PutIfAsync(
        GrainAddress address, long leaseId, Compare condition, Google.Protobuf.ByteString key, Google.Protobuf.ByteString value, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.TxnAsync(new TxnRequest
            {
                Compare = { condition },
                Success = { EtcdOp.Put(key, value, leaseId) },
                Failure = { EtcdOp.Get(key) },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdLeaseNotFoundException exception)
        {
            throw new SiloUnavailableException($"Silo {address.Silo} has no live lease; it cannot register {address.GrainId}.", exception);
        }
    }
}
