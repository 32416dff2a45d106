using System.Text;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// What a segment's stats log records about its primary keys: key type, row count, min and max key and a bloom
/// filter, so a point lookup skips segments that cannot hold the key. VarChar keys are ordered by their UTF-8 bytes.
/// </summary>
public sealed class PrimaryKeyStats
{
    /// <summary>The false-positive rate <see cref="Create"/> uses unless told otherwise (Milvus's default).</summary>
    public const double DefaultFalsePositiveRate = 0.001;

    private readonly long _minInt64;
    private readonly long _maxInt64;
    private readonly byte[] _minUtf8;
    private readonly byte[] _maxUtf8;

    internal PrimaryKeyStats(FieldDataType keyType, long rowCount, double falsePositiveRate, long minInt64, long maxInt64, byte[] minUtf8, byte[] maxUtf8, BloomFilter filter)
    {
        KeyType = keyType;
        RowCount = rowCount;
        FalsePositiveRate = falsePositiveRate;
        _minInt64 = minInt64;
        _maxInt64 = maxInt64;
        _minUtf8 = minUtf8;
        _maxUtf8 = maxUtf8;
        Filter = filter;
    }

    /// <summary>Int64 or VarChar.</summary>
    public FieldDataType KeyType { get; }

    public long RowCount { get; }

    public double FalsePositiveRate { get; }

    public BloomFilter Filter { get; }

    /// <summary>The smallest Int64 key; meaningful when <see cref="KeyType"/> is Int64 and <see cref="RowCount"/> &gt; 0.</summary>
    public long MinInt64 => _minInt64;

    public long MaxInt64 => _maxInt64;

    /// <summary>The smallest VarChar key; null unless <see cref="KeyType"/> is VarChar and <see cref="RowCount"/> &gt; 0.</summary>
    public string? MinString => KeyType == FieldDataType.VarChar && RowCount > 0 ? Encoding.UTF8.GetString(_minUtf8) : null;

    public string? MaxString => KeyType == FieldDataType.VarChar && RowCount > 0 ? Encoding.UTF8.GetString(_maxUtf8) : null;

    internal ReadOnlyMemory<byte> MinUtf8 => _minUtf8;

    internal ReadOnlyMemory<byte> MaxUtf8 => _maxUtf8;

    /// <summary>False when the segment certainly holds no row with Int64 key <paramref name="key"/>.</summary>
    public bool MayContain(long key) =>
        KeyType == FieldDataType.Int64 && RowCount > 0 && key >= _minInt64 && key <= _maxInt64 && Filter.MayContain(key);

    /// <summary>False when the segment certainly holds no row with VarChar key <paramref name="utf8Key"/> (UTF-8 bytes).</summary>
    public bool MayContain(ReadOnlySpan<byte> utf8Key) =>
        KeyType == FieldDataType.VarChar && RowCount > 0
        && utf8Key.SequenceCompareTo(_minUtf8) >= 0 && utf8Key.SequenceCompareTo(_maxUtf8) <= 0
        && Filter.MayContain(utf8Key);

    /// <summary>False when the segment certainly holds no row with VarChar key <paramref name="key"/>.</summary>
    public bool MayContain(string key)
    {
        using var utf8 = new PooledUtf8(key);
        return MayContain(utf8.Bytes);
    }

    /// <summary>The stats of a primary-key column (Int64 or VarChar, no nulls).</summary>
    public static PrimaryKeyStats Create(SegmentColumn primaryKeys, double falsePositiveRate = DefaultFalsePositiveRate)
    {
        PrimaryKeyColumns.Validate(primaryKeys, nameof(primaryKeys));
        var filter = new BloomFilter(primaryKeys.RowCount, falsePositiveRate);
        if (primaryKeys is FixedWidthColumn<long> int64Keys)
        {
            var keys = int64Keys.Values.Span;
            long min = keys.IsEmpty ? 0 : long.MaxValue, max = keys.IsEmpty ? 0 : long.MinValue;
            foreach (var key in keys)
            {
                min = Math.Min(min, key);
                max = Math.Max(max, key);
                filter.Add(key);
            }
            return new PrimaryKeyStats(FieldDataType.Int64, keys.Length, falsePositiveRate, min, max, [], [], filter);
        }

        var text = (VariableWidthColumn)primaryKeys;
        int minRow = 0, maxRow = 0;
        for (var row = 0; row < text.RowCount; row++)
        {
            var key = text.Get(row);
            filter.Add(key);
            minRow = key.SequenceCompareTo(text.Get(minRow)) < 0 ? row : minRow;
            maxRow = key.SequenceCompareTo(text.Get(maxRow)) > 0 ? row : maxRow;
        }
        var empty = text.RowCount == 0;
        return new PrimaryKeyStats(FieldDataType.VarChar, text.RowCount, falsePositiveRate, 0, 0,
            empty ? [] : text.Get(minRow).ToArray(), empty ? [] : text.Get(maxRow).ToArray(), filter);
    }
}
