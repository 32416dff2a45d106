namespace OrleansVector.Gateway.Http2;

/// <summary>
/// The dynamic table of one decoding direction (RFC 7541 2.3.2, 4): newest entry first, evicted from the oldest when
/// an addition or a size update would exceed the maximum size. A ring buffer, grown on demand: at most
/// <c>maxSize / 32</c> entries fit.
/// </summary>
internal sealed class HpackDynamicTable(int maxSize)
{
    private HpackHeaderField[] _entries = [];
    private int _newest = -1;

    /// <summary>Entries in the table.</summary>
    public int Count { get; private set; }

    /// <summary>The sum of the entries' sizes (<see cref="HpackHeaderField.Size"/>).</summary>
    public int Size { get; private set; }

    /// <summary>The size the table may reach, set by dynamic table size updates.</summary>
    public int MaxSize { get; private set; } = maxSize;

    /// <summary>The entry at 1-based <paramref name="index"/>, 1 being the newest; the caller checks it against <see cref="Count"/>.</summary>
    public HpackHeaderField this[int index]
    {
        get
        {
            var slot = _newest - (index - 1);
            return _entries[slot < 0 ? slot + _entries.Length : slot];
        }
    }

    /// <summary>Adds <paramref name="field"/> as the newest entry; one larger than the maximum size empties the table instead (RFC 7541 4.4).</summary>
    public void Add(HpackHeaderField field)
    {
        var size = field.Size;
        if (size > MaxSize)
        {
            EvictTo(0);
            return;
        }
        EvictTo(MaxSize - size);
        if (Count == _entries.Length)
            Grow();
        _newest = _newest + 1 == _entries.Length ? 0 : _newest + 1;
        _entries[_newest] = field;
        Count++;
        Size += size;
    }

    /// <summary>Applies a dynamic table size update, evicting until the entries fit.</summary>
    public void SetMaxSize(int maxSize)
    {
        MaxSize = maxSize;
        EvictTo(maxSize);
    }

    private void EvictTo(int size)
    {
        while (Size > size)
        {
            var oldest = _newest - (Count - 1);
            if (oldest < 0)
                oldest += _entries.Length;
            Size -= _entries[oldest].Size;
            _entries[oldest] = default;
            Count--;
        }
    }

    /// <summary>Doubles the capacity, laying the entries out oldest first from slot 0.</summary>
    private void Grow()
    {
        var grown = new HpackHeaderField[Math.Max(8, _entries.Length * 2)];
        for (var index = Count; index >= 1; index--)
            grown[Count - index] = this[index];
        _entries = grown;
        _newest = Count - 1;
    }
}
