using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime.Timers;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Coordinator;

// Garbage collection: the catalog is the only record of which segment and index files are in use, so the coordinator
// deletes the rest. Grace periods keep files a flush or build has written but not yet recorded, and files of compacted
// segments that segment grains may still read during the handoff. Files of segments a running compaction claimed (the
// merged segment it is writing) are kept whatever their age: they are recorded only when the shard swaps them in.
public sealed partial class CoordinatorGrain
{
    /// <summary>The object-store folders segment and index files live in (DESIGN §3 layout).</summary>
    private static readonly string[] CollectedFolders = ["insert_log/", "delta_log/", "stats_log/", "index_files/"];

    public async Task<GarbageCollectionReport> CollectGarbage()
    {
        try
        {
            return await CollectGarbageAsync();
        }
        catch (Exception e)
        {
            Log.Failed(_logger, nameof(CollectGarbage), e);
            return new GarbageCollectionReport { Status = MilvusStatus.Error(MilvusErrorCode.ServiceInternal, $"Garbage collection failed: {e.Message}") };
        }
    }

    private void StartGarbageCollectionTimer() =>
        RegisterGrainTimer(async _ => await CollectGarbage(),
            new GrainTimerCreationOptions(_options.GarbageCollectionInterval, _options.GarbageCollectionInterval) { Interleave = true });

    private async Task<GarbageCollectionReport> CollectGarbageAsync()
    {
        var now = _time.GetUtcNow();
        var grace = _options.GarbageCollectionGracePeriod;
        // Read the catalog first: anything recorded after this point is younger than the grace period, so it is kept; so
        // are the files of compaction results claimed now or recorded during the pass.
        var claimed = new HashSet<long>(_compacting);
        claimed.UnionWith(_compactedSinceCollection);
        _compactedSinceCollection.Clear();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var expired = new List<SegmentInfo>();
        foreach (var collection in State.Collections)
        {
            foreach (var segment in State.SegmentsOf(collection.Id))
            {
                if (collection.Partitions.All(p => p.Id != segment.PartitionId))
                {
                    continue;
                }
                if (segment.State == SegmentState.Dropped && HybridTimestamp.ToDateTime(segment.DroppedTimestamp) + grace <= now)
                {
                    if (FilesOf(collection, segment).Any())
                    {
                        expired.Add(segment);
                    }
                    continue;
                }
                referenced.UnionWith(FilesOf(collection, segment));
            }
        }
        var report = new GarbageCollectionReport { Status = MilvusStatus.Success() };
        foreach (var folder in CollectedFolders)
        {
            var prefix = _options.ObjectRoot.Length == 0 ? folder : $"{_options.ObjectRoot}/{folder}";
            var garbage = new List<string>();
            await foreach (var item in _storage.Objects.ListAsync(prefix))
            {
                if (referenced.Contains(item.Key))
                {
                    report.ReferencedObjects++;
                }
                else if (now - item.LastModified < grace || IsClaimedByCompaction(item.Key, claimed))
                {
                    report.RecentObjects++;
                }
                else
                {
                    garbage.Add(item.Key);
                }
            }
            foreach (var key in garbage)
            {
                await _storage.Objects.DeleteAsync(key);
                report.DeletedObjects++;
            }
        }
        if (expired.Count > 0)
        {
            await ForgetFilesAsync(expired);
        }
        Log.GarbageCollected(_logger, report.DeletedObjects, report.RecentObjects, report.ReferencedObjects);
        return report;
    }

    /// <summary>Clears the file lists of dropped segments whose files are deleted; the records stay for GetFlushState.</summary>
    private Task ForgetFilesAsync(List<SegmentInfo> segments) => ChangeAsync(nameof(CollectGarbage), async () =>
    {
        var change = new CatalogChange();
        foreach (var segment in segments.Where(s => ReferenceEquals(State.FindSegment(s.Id), s)))
        {
            var emptied = segment.Clone();
            emptied.Binlogs.Clear();
            emptied.DeltaLogs.Clear();
            emptied.StatsLogs.Clear();
            emptied.Indexes.Clear();
            change.Put(emptied);
        }
        if (change.Writes.Count > 0)
        {
            await _catalog.CommitAsync(change);
        }
        return null;
    });

    /// <summary>
    /// Whether the key lies under a segment (its folder names the segment id) claimed when the pass began, or since by a
    /// running compaction plan or one that ended.
    /// </summary>
    private bool IsClaimedByCompaction(string key, HashSet<long> claimed)
    {
        var relative = _options.ObjectRoot.Length == 0 ? key : key[(_options.ObjectRoot.Length + 1)..];
        var parts = relative.Split('/');
        // insert_log|delta_log|stats_log/{collection}/{partition}/{segment}/..., index_files/{build}/{version}/{partition}/{segment}/...
        var position = parts[0] == "index_files" ? 4 : 3;
        return parts.Length > position && long.TryParse(parts[position], out var segment)
            && (claimed.Contains(segment) || _compacting.Contains(segment) || _compactedSinceCollection.Contains(segment));
    }

    /// <summary>The files a segment record references: binlogs, delta and stats logs, and the files of indexes still defined.</summary>
    private static IEnumerable<string> FilesOf(CollectionInfo collection, SegmentInfo segment) =>
        segment.Binlogs.SelectMany(b => b.ObjectKeys)
            .Concat(segment.DeltaLogs)
            .Concat(segment.StatsLogs)
            .Concat(segment.Indexes.Where(i => collection.Indexes.Any(d => d.IndexId == i.IndexId)).SelectMany(i => i.ObjectKeys));
}
