using Google.Protobuf;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

public sealed partial class EtcdClient
{
    internal const string WatchMethod = "/etcdserverpb.Watch/Watch";

    /// <summary>
    /// Watches every key under a prefix. Events from <paramref name="startRevision"/> on (0: changes after now) arrive in
    /// revision order on <see cref="EtcdWatch.Events"/>; the watch is registered when this returns.
    /// </summary>
    public Task<EtcdWatch> WatchPrefixAsync(ByteString prefix, long startRevision = 0, bool prevKv = false, CancellationToken cancellationToken = default) =>
        WatchAsync(new WatchCreateRequest { Key = EtcdOp.RangeStart(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix), StartRevision = startRevision, PrevKv = prevKv }, cancellationToken);

    /// <summary>Watches one key.</summary>
    public Task<EtcdWatch> WatchKeyAsync(ByteString key, long startRevision = 0, bool prevKv = false, CancellationToken cancellationToken = default) =>
        WatchAsync(new WatchCreateRequest { Key = key, StartRevision = startRevision, PrevKv = prevKv }, cancellationToken);

    /// <summary>A raw watch; a broken stream is reopened at the revision after the last event delivered, so none is lost or repeated.</summary>
    public async Task<EtcdWatch> WatchAsync(WatchCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = new EtcdWatch(_transport, request, _time, _logger);
        await watch.StartAsync(cancellationToken);
        return watch;
    }
}
