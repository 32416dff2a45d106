namespace OrleansVector.Storage.Metadata;

/// <summary>
/// The in-memory state of the local metadata store: entries in ordinal key order and the current revision.
/// Not thread-safe; the store serialises access.
/// </summary>
internal sealed class MetadataState
{
    private readonly SortedDictionary<string, MetadataEntry> _entries = new(StringComparer.Ordinal);

    public long Revision { get; private set; }

    public int Count => _entries.Count;

    public IEnumerable<MetadataEntry> Entries => _entries.Values;

    public MetadataEntry? Get(string key) => _entries.GetValueOrDefault(key);

    public MetadataRange Scan(string prefix) =>
        new([.. _entries.Values.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))], Revision);

    /// <summary>Loads a snapshot into an empty state.</summary>
    public void Load(long revision, IEnumerable<MetadataEntry> entries)
    {
        foreach (var entry in entries)
        {
            _entries.Add(entry.Key, entry);
        }
        Revision = revision;
    }

    /// <summary>
    /// The changes a transaction makes at <paramref name="revision"/>, or null when a condition fails. Deletes of
    /// missing keys are dropped, so an empty list means nothing changes.
    /// </summary>
    public List<MetadataEvent>? Plan(MetadataTransaction transaction, long revision)
    {
        foreach (var condition in transaction.Conditions)
        {
            if (!condition.IsSatisfiedBy(Get(condition.Key)))
            {
                return null;
            }
        }
        // Keys written earlier in the same transaction: true = present after that write.
        var overlay = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Exists(string key) => overlay.TryGetValue(key, out var present) ? present : _entries.ContainsKey(key);
        var changes = new List<MetadataEvent>();
        foreach (var op in transaction.Operations)
        {
            switch (op.Kind)
            {
                case MetadataOperationKind.Put:
                    changes.Add(new MetadataEvent(MetadataEventType.Put, op.Key, op.Value.ToArray(), revision));
                    overlay[op.Key] = true;
                    break;
                case MetadataOperationKind.Delete when Exists(op.Key):
                    changes.Add(new MetadataEvent(MetadataEventType.Delete, op.Key, default, revision));
                    overlay[op.Key] = false;
                    break;
                case MetadataOperationKind.DeletePrefix:
                    var keys = _entries.Keys.Concat(overlay.Keys)
                        .Where(k => k.StartsWith(op.Key, StringComparison.Ordinal) && Exists(k))
                        .Distinct(StringComparer.Ordinal)
                        .Order(StringComparer.Ordinal)
                        .ToList();
                    foreach (var key in keys)
                    {
                        changes.Add(new MetadataEvent(MetadataEventType.Delete, key, default, revision));
                        overlay[key] = false;
                    }
                    break;
            }
        }
        return changes;
    }

    /// <summary>Applies changes that all carry one revision, newer than the current one.</summary>
    public void Apply(long revision, IReadOnlyList<MetadataEvent> changes)
    {
        if (revision <= Revision)
        {
            throw new InvalidOperationException($"revision {revision} is not after the current revision {Revision}");
        }
        foreach (var change in changes)
        {
            if (change.Type == MetadataEventType.Put)
            {
                var old = _entries.GetValueOrDefault(change.Key);
                _entries[change.Key] = new MetadataEntry(change.Key, change.Value, old?.CreateRevision ?? revision, revision, (old?.Version ?? 0) + 1);
            }
            else
            {
                _entries.Remove(change.Key);
            }
        }
        Revision = revision;
    }
}
