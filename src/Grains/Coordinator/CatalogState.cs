using OrleansVector.Grains.Interfaces.Messages;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// The coordinator's in-memory catalog: databases, collections (by id, name and alias), the segment registry and the
/// compaction runs GetCompactionState reports. It
/// changes only through <see cref="CatalogChange.ApplyTo"/> after the change is durable, so a reader never sees a state
/// the metadata store does not hold. Records are replaced, never modified in place: callers clone before editing.
/// </summary>
internal sealed class CatalogState
{
    private readonly Dictionary<string, DatabaseInfo> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CollectionInfo> _collections = [];
    private readonly Dictionary<(string Db, string Name), long> _names = [];
    private readonly Dictionary<(string Db, string Alias), long> _aliases = [];
    private readonly Dictionary<long, SortedDictionary<long, SegmentInfo>> _segmentsByCollection = [];
    private readonly Dictionary<long, SegmentInfo> _segments = [];
    private readonly Dictionary<long, CompactionRunInfo> _compactionRuns = [];

    public IEnumerable<DatabaseInfo> Databases => _databases.Values.OrderBy(d => d.Id);

    public IEnumerable<CollectionInfo> Collections => _collections.Values;

    public DatabaseInfo? FindDatabase(string name) => _databases.GetValueOrDefault(name);

    public CollectionInfo? FindCollection(long id) => _collections.GetValueOrDefault(id);

    /// <summary>The collection with this name (not alias) in the database.</summary>
    public CollectionInfo? FindByName(string db, string name) =>
        _names.TryGetValue((db, name), out var id) ? _collections[id] : null;

    public CollectionInfo? FindByAlias(string db, string alias) =>
        _aliases.TryGetValue((db, alias), out var id) ? _collections[id] : null;

    public IEnumerable<CollectionInfo> CollectionsOf(string db) =>
        _collections.Values.Where(c => c.DbName == db).OrderBy(c => c.Id);

    public IEnumerable<SegmentInfo> SegmentsOf(long collectionId) =>
        _segmentsByCollection.TryGetValue(collectionId, out var segments) ? segments.Values : [];

    public SegmentInfo? FindSegment(long segmentId) => _segments.GetValueOrDefault(segmentId);

    public IEnumerable<CompactionRunInfo> CompactionRuns => _compactionRuns.Values;

    internal void Put(DatabaseInfo database) => _databases[database.Name] = database;

    internal void RemoveDatabase(string name) => _databases.Remove(name);

    internal void Put(CollectionInfo collection)
    {
        Unindex(collection.Id);
        _collections[collection.Id] = collection;
        _names[(collection.DbName, collection.Name)] = collection.Id;
        foreach (var alias in collection.Aliases)
        {
            _aliases[(collection.DbName, alias)] = collection.Id;
        }
    }

    internal void RemoveCollection(long id)
    {
        Unindex(id);
        _collections.Remove(id);
        if (_segmentsByCollection.Remove(id, out var segments))
        {
            foreach (var segmentId in segments.Keys)
            {
                _segments.Remove(segmentId);
            }
        }
    }

    internal void Put(SegmentInfo segment)
    {
        if (!_segmentsByCollection.TryGetValue(segment.CollectionId, out var segments))
        {
            _segmentsByCollection[segment.CollectionId] = segments = [];
        }
        segments[segment.Id] = segment;
        _segments[segment.Id] = segment;
    }

    internal void Put(CompactionRunInfo run) => _compactionRuns[run.Id] = run;

    internal void RemoveCompactionRun(long id) => _compactionRuns.Remove(id);

    private void Unindex(long id)
    {
        if (!_collections.TryGetValue(id, out var old))
        {
            return;
        }
        _names.Remove((old.DbName, old.Name));
        foreach (var alias in old.Aliases)
        {
            _aliases.Remove((old.DbName, alias));
        }
    }
}
