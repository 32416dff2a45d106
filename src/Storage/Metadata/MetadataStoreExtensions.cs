namespace OrleansVector.Storage.Metadata;

/// <summary>Compare-and-swap shapes built on <see cref="IMetadataStore.CommitAsync"/>.</summary>
public static class MetadataStoreExtensions
{
    /// <summary>Creates the key when it does not exist; false when it already does.</summary>
    public static async Task<bool> PutIfAbsentAsync(this IMetadataStore store, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var result = await store.CommitAsync(new MetadataTransaction().When(MetadataCondition.Missing(key)).Then(MetadataOperation.Put(key, value)), cancellationToken);
        return result.Succeeded;
    }

    /// <summary>
    /// Replaces the key's value only if its last change was at <paramref name="expectedModRevision"/> (0: the key must be
    /// missing). Returns the new revision, or null when someone else changed the key first.
    /// </summary>
    public static async Task<long?> CompareAndSwapAsync(this IMetadataStore store, string key, long expectedModRevision, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var result = await store.CommitAsync(
            new MetadataTransaction().When(MetadataCondition.ModRevisionEquals(key, expectedModRevision)).Then(MetadataOperation.Put(key, value)),
            cancellationToken);
        return result.Succeeded ? result.Revision : null;
    }
}
