using System.Collections.Concurrent;

namespace OrleansVector.Grains.Search;

/// <summary>
/// Values computed from a key and kept for the next request with the same key (search "params" JSON, filter plans):
/// clients repeat the same few texts, so a hit saves a parse per search. Holds at most <paramref name="capacity"/>
/// entries and starts over when full, so a client that never repeats a key costs memory for at most that many.
/// Thread-safe; the values must be immutable, since concurrent readers share them.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);

    public int Count => _entries.Count;

    public TValue GetOrAdd<TState>(TKey key, TState state, Func<TKey, TState, TValue> create)
    {
        if (_entries.TryGetValue(key, out var value))
        {
            return value;
        }
        value = create(key, state);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
        _entries.TryAdd(key, value);
        return value;
    }
}
