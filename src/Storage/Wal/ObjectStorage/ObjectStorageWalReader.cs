using System.Runtime.CompilerServices;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>
/// Reads a channel without owning it (a catching-up consumer, a tool): exactly the fragments committed when the read
/// starts, from the LSN asked (or the truncation point) on. It does not bump the epoch, so the owner keeps writing.
/// </summary>
public static class ObjectStorageWalReader
{
    public static async IAsyncEnumerable<WalRecord> ReadCommittedAsync(
        IMetadataStore metadata, IObjectStore objects, string channel, ObjectStorageWalOptions options, long fromLsn,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(options);
        WalChannelName.Validate(channel);
        options.Validate();
        var layout = new WalChannelLayout(options, channel);
        var state = await WalCommittedState.LoadAsync(metadata, layout, cancellationToken);
        await foreach (var record in WalCommittedState.ReadAsync(objects, layout, state.Fragments, Math.Max(fromLsn, state.FirstLsn), cancellationToken))
        {
            yield return record;
        }
    }
}
