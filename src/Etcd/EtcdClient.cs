using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Etcd.Grpc;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Etcd;

/// <summary>
/// An etcd v3 client over etcd's native gRPC API (HTTP/2 cleartext): key-value ranges, puts, deletes and transactions,
/// leases with keep-alive streams, and watches. Thread-safe; one instance per process is enough (calls are multiplexed).
/// </summary>
public sealed partial class EtcdClient : IDisposable
{
    private const string KvService = "/etcdserverpb.KV/";

    private readonly GrpcTransport _transport;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="options">validated here; an invalid setting throws naming it.</param>
    /// <param name="logger">stream reconnects and lost leases are logged here.</param>
    /// <param name="timeProvider">drives keep-alive intervals and reconnect pauses.</param>
    /// <param name="handler">the HTTP handler; a SocketsHttpHandler when null.</param>
    public EtcdClient(EtcdClientOptions options, ILogger<EtcdClient>? logger = null, TimeProvider? timeProvider = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _transport = new GrpcTransport(options, handler);
        _logger = logger ?? NullLogger<EtcdClient>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The endpoint this client talks to.</summary>
    public Uri Endpoint => _transport.Options.Endpoint;

    /// <summary>A raw range request.</summary>
    public Task<RangeResponse> RangeAsync(RangeRequest request, CancellationToken cancellationToken = default) =>
        _transport.UnaryAsync(KvService + "Range", request, RangeResponse.Parser, cancellationToken);

    /// <summary>The key's current value and revisions, or null when it does not exist.</summary>
    public async Task<KeyValue?> GetAsync(ByteString key, CancellationToken cancellationToken = default)
    {
        var response = await RangeAsync(new RangeRequest { Key = key }, cancellationToken);
        return response.Kvs.Count == 0 ? null : response.Kvs[0];
    }

    /// <inheritdoc cref="GetAsync(ByteString, CancellationToken)"/>
    public Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) => GetAsync(EtcdKeys.Utf8(key), cancellationToken);

    /// <summary>
    /// Every key under a prefix, in key order, read at one revision (returned in the header). Large ranges are fetched
    /// in pages of <see cref="EtcdClientOptions.RangePageSize"/> pinned to the first page's revision.
    /// </summary>
    public async Task<RangeResponse> GetPrefixAsync(ByteString prefix, CancellationToken cancellationToken = default)
    {
        var request = EtcdOp.PrefixRange(prefix);
        request.Limit = _transport.Options.RangePageSize;
        var result = await RangeAsync(request, cancellationToken);
        var page = result;
        while (page.More && page.Kvs.Count > 0)
        {
            // The next page starts just after the last key ("key\0"), at the revision of the first page.
            request.Key = ByteString.CopyFrom([.. page.Kvs[^1].Key.Span, 0]);
            request.Revision = result.Header.Revision;
            page = await RangeAsync(request, cancellationToken);
            result.Kvs.AddRange(page.Kvs);
        }
        result.More = false;
        return result;
    }

    /// <inheritdoc cref="GetPrefixAsync(ByteString, CancellationToken)"/>
    public Task<RangeResponse> GetPrefixAsync(string prefix, CancellationToken cancellationToken = default) => GetPrefixAsync(EtcdKeys.Utf8(prefix), cancellationToken);

    /// <summary>A raw put request.</summary>
    public Task<PutResponse> PutAsync(PutRequest request, CancellationToken cancellationToken = default) =>
        _transport.UnaryAsync(KvService + "Put", request, PutResponse.Parser, cancellationToken);

    /// <summary>Sets a key, attached to a lease when <paramref name="lease"/> is not 0. The header holds the new revision.</summary>
    public Task<PutResponse> PutAsync(ByteString key, ByteString value, long lease = 0, CancellationToken cancellationToken = default) =>
        PutAsync(new PutRequest { Key = key, Value = value, Lease = lease }, cancellationToken);

    /// <inheritdoc cref="PutAsync(ByteString, ByteString, long, CancellationToken)"/>
    public Task<PutResponse> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default) =>
        PutAsync(EtcdKeys.Utf8(key), EtcdKeys.Utf8(value), lease, cancellationToken);

    /// <summary>A raw delete-range request.</summary>
    public Task<DeleteRangeResponse> DeleteRangeAsync(DeleteRangeRequest request, CancellationToken cancellationToken = default) =>
        _transport.UnaryAsync(KvService + "DeleteRange", request, DeleteRangeResponse.Parser, cancellationToken);

    /// <summary>Deletes one key; <see cref="DeleteRangeResponse.Deleted"/> is 0 when it did not exist.</summary>
    public Task<DeleteRangeResponse> DeleteAsync(ByteString key, CancellationToken cancellationToken = default) =>
        DeleteRangeAsync(new DeleteRangeRequest { Key = key }, cancellationToken);

    /// <inheritdoc cref="DeleteAsync(ByteString, CancellationToken)"/>
    public Task<DeleteRangeResponse> DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync(EtcdKeys.Utf8(key), cancellationToken);

    /// <summary>Deletes every key under a prefix.</summary>
    public Task<DeleteRangeResponse> DeletePrefixAsync(ByteString prefix, CancellationToken cancellationToken = default) =>
        DeleteRangeAsync(EtcdOp.PrefixDelete(prefix), cancellationToken);

    /// <summary>
    /// An atomic transaction: if every compare holds, the success operations run, otherwise the failure operations;
    /// <see cref="TxnResponse.Succeeded"/> says which. Build the parts with <see cref="EtcdCompare"/> and <see cref="EtcdOp"/>.
    /// </summary>
    public Task<TxnResponse> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default) =>
        _transport.UnaryAsync(KvService + "Txn", request, TxnResponse.Parser, cancellationToken);

    public void Dispose() => _transport.Dispose();
}
