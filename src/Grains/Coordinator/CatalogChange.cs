using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Messages;

namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// The records one catalog operation writes, committed as one metadata transaction by <see cref="CatalogStore"/> and then
/// applied to the <see cref="CatalogState"/>: either every write is durable and visible, or none is.
/// </summary>
internal sealed class CatalogChange
{
    private readonly List<Action<CatalogState>> _apply = [];

    /// <summary>Keys to put (with their record) or delete (null).</summary>
    public List<(string Key, IMessage? Value)> Writes { get; } = [];

    /// <summary>Collections whose segment records go with them.</summary>
    public List<long> DroppedCollections { get; } = [];

    public CatalogChange Put(DatabaseInfo database)
    {
        Writes.Add((CatalogKeys.Database(database.Name), database));
        _apply.Add(state => state.Put(database));
        return this;
    }

    public CatalogChange Delete(DatabaseInfo database)
    {
        Writes.Add((CatalogKeys.Database(database.Name), null));
        _apply.Add(state => state.RemoveDatabase(database.Name));
        return this;
    }

    public CatalogChange Put(CollectionInfo collection)
    {
        Writes.Add((CatalogKeys.Collection(collection.Id), collection));
        _apply.Add(state => state.Put(collection));
        return this;
    }

    public CatalogChange Drop(CollectionInfo collection)
    {
        Writes.Add((CatalogKeys.Collection(collection.Id), null));
        DroppedCollections.Add(collection.Id);
        _apply.Add(state => state.RemoveCollection(collection.Id));
        return this;
    }

    public CatalogChange Put(SegmentInfo segment)
    {
        Writes.Add((CatalogKeys.Segment(segment.CollectionId, segment.Id), segment));
        _apply.Add(state => state.Put(segment));
        return this;
    }

    public CatalogChange Put(CompactionRunInfo run)
    {
        Writes.Add((CatalogKeys.Compaction(run.Id), run));
        _apply.Add(state => state.Put(run));
        return this;
    }

    public CatalogChange Delete(CompactionRunInfo run)
    {
        Writes.Add((CatalogKeys.Compaction(run.Id), null));
        _apply.Add(state => state.RemoveCompactionRun(run.Id));
        return this;
    }

    public void ApplyTo(CatalogState state)
    {
        foreach (var apply in _apply)
        {
            apply(state);
        }
    }
}
