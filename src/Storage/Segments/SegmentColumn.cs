namespace OrleansVector.Storage.Segments;

/// <summary>
/// One field's values for the rows of a segment, in the shapes the query engine's columns use so a grain wraps them
/// without copying: <see cref="Validity"/> is a bitmap with one bit per row (bit set = the row holds a value), empty
/// when no row is null; null rows keep a placeholder value.
/// </summary>
public abstract class SegmentColumn
{
    private protected SegmentColumn(FieldDataType type, int rowCount, ReadOnlyMemory<ulong> validity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (!validity.IsEmpty && validity.Length < WordCount(rowCount))
        {
            throw new ArgumentException($"A validity bitmap for {rowCount} rows needs {WordCount(rowCount)} words, not {validity.Length}.", nameof(validity));
        }

        Type = type;
        RowCount = rowCount;
        Validity = validity.IsEmpty ? validity : validity[..WordCount(rowCount)];
    }

    public FieldDataType Type { get; }

    public int RowCount { get; }

    public ReadOnlyMemory<ulong> Validity { get; }

    public bool IsValid(int row) => Validity.IsEmpty || (Validity.Span[row >> 6] & (1UL << row)) != 0;

    /// <summary>The number of 64-bit words a bitmap over <paramref name="rows"/> rows takes.</summary>
    public static int WordCount(int rows) => (rows + 63) >> 6;

    /// <summary>Builds a validity bitmap from one flag per row; empty when every row is valid.</summary>
    public static ulong[] ValidityFrom(ReadOnlySpan<bool> valid)
    {
        if (!valid.Contains(false))
        {
            return [];
        }

        var words = new ulong[WordCount(valid.Length)];
        for (var i = 0; i < valid.Length; i++)
        {
            if (valid[i])
            {
                words[i >> 6] |= 1UL << i;
            }
        }

        return words;
    }

    /// <summary>Writes the type-specific part of the column (after type, row count and validity).</summary>
    internal abstract void WriteValues(SegmentFileBuilder builder);

    /// <summary>Checks that row offsets start at or after 0, never decrease and end within <paramref name="limit"/> items.</summary>
    private protected static void ValidateOffsets(ReadOnlySpan<int> offsets, int limit, string what)
    {
        if (offsets.IsEmpty)
        {
            throw new ArgumentException("Offsets need at least one entry (the start of row 0).", nameof(offsets));
        }

        if (offsets[0] < 0 || offsets[^1] > limit)
        {
            throw new ArgumentException($"Offsets must lie within the {limit} {what}.", nameof(offsets));
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                throw new ArgumentException($"Offsets must not decrease (row {i - 1}).", nameof(offsets));
            }
        }
    }
}
