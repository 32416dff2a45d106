namespace OrleansVector.Storage.Metadata;

/// <summary>
/// The cluster's small, strongly consistent key-value store for metadata (schemas, segment states, checkpoints, TSO
/// windows, WAL fragments): etcd in a cluster, a local file in standalone mode. Keys are UTF-8 strings, values bytes.
/// Every change gets a store-wide revision, strictly increasing; all writes of one transaction share one revision.
/// </summary>
public interface IMetadataStore : IAsyncDisposable
{
    /// <summary>The key's entry, or null when it does not exist.</summary>
    Task<MetadataEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every entry whose key starts with <paramref name="prefix"/>, in key order, read at one revision.</summary>
    Task<MetadataRange> ScanAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Sets a key unconditionally; returns the revision of the write.</summary>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically: if every condition holds, applies every operation (in order) at one new revision; otherwise changes
    /// nothing. Durable when the task completes.
    /// </summary>
    Task<MetadataCommitResult> CommitAsync(MetadataTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/>. With <paramref name="fromRevision"/> 0 the watch reports
    /// changes after the call; otherwise every change at or after that revision (so a scan at revision R followed by a
    /// watch from R + 1 misses nothing). The watch is registered when the task completes.
    /// </summary>
    /// <exception cref="MetadataCompactedException">History from <paramref name="fromRevision"/> is no longer kept.</exception>
    Task<MetadataWatch> WatchAsync(string prefix, long fromRevision = 0, CancellationToken cancellationToken = default);
}
