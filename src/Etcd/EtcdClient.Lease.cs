using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

public sealed partial class EtcdClient
{
    private const string LeaseService = "/etcdserverpb.Lease/";
    internal const string LeaseKeepAliveMethod = LeaseService + "LeaseKeepAlive";

    /// <summary>Grants a lease of <paramref name="ttlSeconds"/> (etcd raises values below its minimum, 2 s by default).</summary>
    public async Task<LeaseGrantResponse> LeaseGrantAsync(long ttlSeconds, long id = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttlSeconds, 1);
        var response = await _transport.UnaryAsync(LeaseService + "LeaseGrant", new LeaseGrantRequest { TTL = ttlSeconds, ID = id }, LeaseGrantResponse.Parser, cancellationToken);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw EtcdException.From(EtcdStatusCode.Unknown, "LeaseGrant", response.Error);
        }
        return response;
    }

    /// <summary>Revokes a lease; every key attached to it is deleted at once. Throws <see cref="EtcdLeaseNotFoundException"/> for an unknown lease.</summary>
    public Task<LeaseRevokeResponse> LeaseRevokeAsync(long id, CancellationToken cancellationToken = default) =>
        _transport.UnaryAsync(LeaseService + "LeaseRevoke", new LeaseRevokeRequest { ID = id }, LeaseRevokeResponse.Parser, cancellationToken);

    /// <summary>The lease's remaining and granted TTL (TTL is -1 for an expired or unknown lease), and its keys if asked.</summary>
    public Task<LeaseTimeToLiveResponse> LeaseTimeToLiveAsync(long id, bool keys = false, CancellationToken cancellationToken = default) =>
        _transport.UnaryAsync(LeaseService + "LeaseTimeToLive", new LeaseTimeToLiveRequest { ID = id, Keys = keys }, LeaseTimeToLiveResponse.Parser, cancellationToken);

    /// <summary>Renews a lease once; returns the renewed TTL in seconds, or 0 when the lease no longer exists.</summary>
    public async Task<long> KeepAliveOnceAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var call = _transport.OpenDuplex(LeaseKeepAliveMethod, LeaseKeepAliveResponse.Parser);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_transport.Options.RequestTimeout);
        await call.WriteAsync(new LeaseKeepAliveRequest { ID = id }, deadline.Token);
        var response = await call.ReadAsync(deadline.Token)
            ?? throw EtcdException.From(EtcdStatusCode.Unavailable, LeaseKeepAliveMethod, "stream ended without an answer");
        return response.TTL;
    }

    /// <summary>
    /// Keeps a lease alive in the background (a renewal every third of its TTL on one stream, reopened when it breaks)
    /// until disposed. <see cref="EtcdLeaseKeepAlive.Lost"/> completes when the lease is gone.
    /// Throws <see cref="EtcdLeaseNotFoundException"/> when the lease does not exist now.
    /// </summary>
    public async Task<EtcdLeaseKeepAlive> KeepAliveAsync(long id, CancellationToken cancellationToken = default)
    {
        var ttl = await KeepAliveOnceAsync(id, cancellationToken);
        if (ttl <= 0)
        {
            throw new EtcdLeaseNotFoundException($"etcd {LeaseKeepAliveMethod}: lease {id:x} not found");
        }
        return new EtcdLeaseKeepAlive(_transport, id, ttl, _time, _logger);
    }
}
