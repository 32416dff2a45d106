using System.Collections.Concurrent;

namespace OrleansVector.Runtime.Placement;

/// <summary>
/// Grain addresses from directory lookups, bounded by least-recent use. Reads take no lock: each hit stamps its entry from
/// a shared counter. When an insert takes the cache past its capacity, one trim drops the least recently used tenth, so
/// the sort is paid once per capacity/10 inserts rather than on every call.
/// </summary>
internal sealed class AddressCache(int capacity)
{
    private readonly ConcurrentDictionary<GrainId, Entry> _entries = new();
    private readonly Lock _trimLock = new();
    private long _clock;

    public int Count => _entries.Count;

    public bool TryGet(GrainId grainId, out SiloAddress silo)
    {
        if (_entries.TryGetValue(grainId, out var entry))
        {
            Volatile.Write(ref entry.LastUsed, Interlocked.Increment(ref _clock));
            silo = entry.Silo;
            return true;
        }
        silo = null!;
        return false;
    }

    public void Set(GrainId grainId, SiloAddress silo)
    {
        _entries[grainId] = new Entry(silo, Interlocked.Increment(ref _clock));
        if (_entries.Count > capacity)
        {
            Trim();
        }
    }

    public void Remove(GrainId grainId) => _entries.TryRemove(grainId, out _);

    public void RemoveSilo(SiloAddress silo)
    {
        foreach (var entry in _entries)
        {
            if (entry.Value.Silo == silo)
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private void Trim()
    {
        lock (_trimLock)
        {
            var excess = _entries.Count - (capacity - capacity / 10);
            if (_entries.Count <= capacity || excess <= 0)
            {
                return;
            }
            var oldest = _entries.ToArray();
            Array.Sort(oldest, static (a, b) => Volatile.Read(ref a.Value.LastUsed).CompareTo(Volatile.Read(ref b.Value.LastUsed)));
            foreach (var entry in oldest.AsSpan(0, Math.Min(excess, oldest.Length)))
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private sealed class Entry(SiloAddress silo, long lastUsed)
    {
        public readonly SiloAddress Silo = silo;
        public long LastUsed = lastUsed;
    }
}
