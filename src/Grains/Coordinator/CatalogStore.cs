using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Storage.Metadata;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// Keeps the catalog in the metadata store under <see cref="CatalogKeys.Prefix"/>. Every change is one transaction guarded
/// by the revisions this store last saw of the keys it writes, so a stale coordinator (one that another activation has
/// overtaken) cannot overwrite newer records: its commit fails with <see cref="CatalogConflictException"/>.
/// </summary>
/// <paramref name="changed"/> runs after the catalog is loaded and after each commit is applied.
internal sealed class CatalogStore(IMetadataStore store, Action<CatalogState>? changed = null)
{
    private readonly Dictionary<string, long> _revisions = new(StringComparer.Ordinal);

    public CatalogState State { get; } = new();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var range = await store.ScanAsync(CatalogKeys.Prefix, cancellationToken);
        foreach (var entry in range.Entries)
        {
            var value = entry.Value.Span;
            if (entry.Key.StartsWith(CatalogKeys.DatabasePrefix, StringComparison.Ordinal))
            {
                State.Put(DatabaseInfo.Parser.ParseFrom(value));
            }
            else if (entry.Key.StartsWith(CatalogKeys.CollectionPrefix, StringComparison.Ordinal))
            {
                State.Put(CollectionInfo.Parser.ParseFrom(value));
            }
            else if (entry.Key.StartsWith(CatalogKeys.SegmentPrefix, StringComparison.Ordinal))
            {
                State.Put(SegmentInfo.Parser.ParseFrom(value));
            }
            else if (entry.Key.StartsWith(CatalogKeys.CompactionPrefix, StringComparison.Ordinal))
            {
                State.Put(CompactionRunInfo.Parser.ParseFrom(value));
            }
            else
            {
                continue;
            }
            _revisions[entry.Key] = entry.ModRevision;
        }
        changed?.Invoke(State);
    }

    /// <summary>Commits the change atomically, then applies it to <see cref="State"/>.</summary>
    public async Task CommitAsync(CatalogChange change)
    {
        var transaction = new MetadataTransaction();
        foreach (var (key, value) in change.Writes)
        {
            transaction.When(MetadataCondition.ModRevisionEquals(key, _revisions.GetValueOrDefault(key)));
            transaction.Then(value is null ? MetadataOperation.Delete(key) : MetadataOperation.Put(key, value.ToByteArray()));
        }
        foreach (var collectionId in change.DroppedCollections)
        {
            transaction.Then(MetadataOperation.DeletePrefix(CatalogKeys.SegmentsOf(collectionId)));
        }
        var result = await store.CommitAsync(transaction);
        if (!result.Succeeded)
        {
            throw new CatalogConflictException(
                $"The catalog changed in the metadata store since this coordinator read it (keys {string.Join(", ", change.Writes.Select(w => w.Key))}); another coordinator activation wrote it.");
        }
        foreach (var (key, value) in change.Writes)
        {
            if (value is null)
            {
                _revisions.Remove(key);
            }
            else
            {
                _revisions[key] = result.Revision;
            }
        }
        foreach (var collectionId in change.DroppedCollections)
        {
            var prefix = CatalogKeys.SegmentsOf(collectionId);
            foreach (var key in _revisions.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _revisions.Remove(key);
            }
        }
        change.ApplyTo(State);
        changed?.Invoke(State);
    }
}
