using System.Threading.Channels;
using Google.Protobuf;
using OrleansVector.Etcd;
using OrleansVector.Etcd.Protocol;

namespace OrleansVector.Storage.Metadata;

/// <summary>
/// The cluster metadata store: every key lives in etcd under <see cref="EtcdMetadataStoreOptions.RootPath"/>;
/// revisions are etcd's, transactions are etcd transactions and watches are etcd watches.
/// The caller owns the <see cref="EtcdClient"/>.
/// </summary>
public sealed class EtcdMetadataStore : IMetadataStore
{
    private readonly EtcdClient _client;
    private readonly string _root;

    public EtcdMetadataStore(EtcdClient client, EtcdMetadataStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _root = options.RootPath;
    }

    private ByteString EtcdKey(string key) => ByteString.CopyFromUtf8(_root + key);

    private MetadataEntry ToEntry(KeyValue kv) =>
        new(kv.Key.ToStringUtf8()[_root.Length..], kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Version);

    /// <inheritdoc />
    public async Task<MetadataEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        MetadataKey.Validate(key);
        var kv = await _client.GetAsync(EtcdKey(key), cancellationToken);
        return kv is null ? null : ToEntry(kv);
    }

    /// <inheritdoc />
    public async Task<MetadataRange> ScanAsync(string prefix, CancellationToken cancellationToken = default)
    {
        MetadataKey.ValidatePrefix(prefix);
        var response = await _client.GetPrefixAsync(EtcdKey(prefix), cancellationToken);
        return new MetadataRange([.. response.Kvs.Select(ToEntry)], response.Header.Revision);
    }

    /// <inheritdoc />
    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        MetadataKey.Validate(key);
        var response = await _client.PutAsync(EtcdKey(key), ByteString.CopyFrom(value.Span), cancellationToken: cancellationToken);
        return response.Header.Revision;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        MetadataKey.Validate(key);
        return (await _client.DeleteAsync(EtcdKey(key), cancellationToken)).Deleted > 0;
    }

    /// <inheritdoc />
    public async Task<MetadataCommitResult> CommitAsync(MetadataTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var request = new TxnRequest();
        foreach (var condition in transaction.Conditions)
        {
            request.Compare.Add(ToCompare(condition));
        }
        foreach (var operation in transaction.Operations)
        {
            request.Success.Add(operation.Kind switch
            {
                MetadataOperationKind.Put => EtcdOp.Put(EtcdKey(operation.Key), ByteString.CopyFrom(operation.Value.Span)),
                MetadataOperationKind.Delete => EtcdOp.Delete(EtcdKey(operation.Key)),
                _ => EtcdOp.DeletePrefix(EtcdKey(operation.Key)),
            });
        }
        var response = await _client.TxnAsync(request, cancellationToken);
        return new MetadataCommitResult(response.Succeeded, response.Header.Revision);
    }

    private Compare ToCompare(MetadataCondition condition)
    {
        var key = EtcdKey(condition.Key);
        const Compare.Types.CompareResult equal = Compare.Types.CompareResult.Equal;
        return condition.Kind switch
        {
            MetadataConditionKind.Exists => EtcdCompare.Exists(key),
            MetadataConditionKind.ModRevisionEquals => EtcdCompare.ModRevision(key, equal, condition.Number),
            MetadataConditionKind.VersionEquals => EtcdCompare.Version(key, equal, condition.Number),
            _ => EtcdCompare.Value(key, equal, ByteString.CopyFrom(condition.Value.Span)),
        };
    }

    /// <inheritdoc />
    public async Task<MetadataWatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default)
    {
        MetadataKey.ValidatePrefix(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        EtcdWatch watch;
        try
        {
            watch = await _client.WatchPrefixAsync(EtcdKey(prefix), fromRevision, cancellationToken: cancellationToken);
        }
        catch (EtcdCompactedException e)
        {
            throw new MetadataCompactedException($"etcd no longer keeps revision {fromRevision}; scan first", e);
        }
        var events = Channel.CreateUnbounded<MetadataEvent>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });
        var pump = PumpAsync(watch, events.Writer);
        return new MetadataWatch(events.Reader, async () =>
        {
            await watch.DisposeAsync();
            await pump;
        });
    }

    private async Task PumpAsync(EtcdWatch watch, ChannelWriter<MetadataEvent> events)
    {
        try
        {
            await foreach (var e in watch.Events.ReadAllAsync())
            {
                var type = e.Type == Event.Types.EventType.Put ? MetadataEventType.Put : MetadataEventType.Delete;
                events.TryWrite(new MetadataEvent(type, e.Kv.Key.ToStringUtf8()[_root.Length..], e.Kv.Value.Memory, e.Kv.ModRevision));
            }
            events.TryComplete();
        }
        catch (EtcdCompactedException e)
        {
            events.TryComplete(new MetadataCompactedException("etcd compacted the history this watch needed; scan again", e));
        }
        catch (EtcdException e)
        {
            events.TryComplete(e);
        }
    }

    /// <summary>Nothing to release: the client belongs to the caller.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
