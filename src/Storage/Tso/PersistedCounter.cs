using System.Buffers.Binary;
using OrleansVector.Storage.Metadata;

namespace OrleansVector.Storage.Tso;

/// <summary>
/// A 64-bit high-water mark in the metadata store (8 bytes little-endian), only ever moved forward by compare-and-swap
/// on its mod revision, so concurrent movers notice each other.
/// </summary>
internal sealed class PersistedCounter(IMetadataStore store, string key)
{
    public string Key => key;

    /// <summary>The stored value (0 when never written) and the mod revision to swap against.</summary>
    public async Task<(long Value, long ModRevision)> ReadAsync(CancellationToken cancellationToken)
    {
        var entry = await store.GetAsync(key, cancellationToken);
        if (entry is null)
        {
            return (0, 0);
        }
        if (entry.Value.Length != sizeof(long))
        {
            throw new InvalidDataException($"metadata key '{key}' holds {entry.Value.Length} bytes, not an 8-byte counter");
        }
        return (BinaryPrimitives.ReadInt64LittleEndian(entry.Value.Span), entry.ModRevision);
    }

    /// <summary>Stores <paramref name="value"/> if nobody changed the key since <paramref name="expectedModRevision"/>; the new mod revision, or null.</summary>
    public Task<long?> TryAdvanceAsync(long expectedModRevision, long value, CancellationToken cancellationToken)
    {
        var bytes = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return store.CompareAndSwapAsync(key, expectedModRevision, bytes, cancellationToken);
    }
}
