using System.Buffers.Binary;

namespace OrleansVector.Query.Evaluation;

/// <summary>
/// The UTF-8 values of a string <c>in</c> list. A bitmask of their byte lengths rejects most non-members with one test;
/// a short list is then compared value by value, a long one by binary search over the sorted values. A few short values
/// (the usual category codes) are also kept packed in one word each, so a row is tested without branches.
/// </summary>
internal sealed class Utf8ValueSet
{
    private const int MaxLinearValues = 8;
    private const int MaxPackedLength = 7;
    private readonly byte[][] _sorted;
    private readonly ulong _lengths;
    private readonly bool _hasLongValue;
    private readonly ulong[]? _packed;

    public Utf8ValueSet(IEnumerable<byte[]> values)
    {
        _sorted = [.. values.Order(Utf8Order.Instance)];
        foreach (var value in _sorted)
        {
            if (value.Length < 64)
            {
                _lengths |= 1UL << value.Length;
            }
            else
            {
                _hasLongValue = true;
            }
        }

        if (_sorted.Length <= MaxLinearValues && _sorted.All(v => v.Length <= MaxPackedLength))
        {
            _packed = [.. _sorted.Select(v => Pack(v, v.Length))];
        }
    }

    /// <summary>Whether row bytes <c>data[start..end]</c> are one of the values.</summary>
    public bool Contains(ReadOnlySpan<byte> data, int start, int end)
    {
        if (_packed is null)
        {
            return Contains(data[start..end]);
        }

        var length = end - start;
        if (length > MaxPackedLength)
        {
            return false;
        }

        // Read a whole word when the column has the bytes to spare, and keep only the row's.
        var key = start + sizeof(ulong) <= data.Length
            ? (BinaryPrimitives.ReadUInt64LittleEndian(data[start..]) & ((1UL << (length * 8)) - 1)) | ((ulong)length << 56)
            : Pack(data[start..end], length);
        var found = false;
        foreach (var value in _packed)
        {
            found |= key == value;
        }

        return found;
    }

    public bool Contains(ReadOnlySpan<byte> value)
    {
        if (value.Length < 64 ? (_lengths & (1UL << value.Length)) == 0 : !_hasLongValue)
        {
            return false;
        }

        if (_sorted.Length <= MaxLinearValues)
        {
            foreach (var candidate in _sorted)
            {
                if (value.SequenceEqual(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        int low = 0, high = _sorted.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = value.SequenceCompareTo(_sorted[mid]);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }

        return false;
    }

    private static ulong Pack(ReadOnlySpan<byte> value, int length)
    {
        ulong key = 0;
        for (var i = 0; i < length; i++)
        {
            key |= (ulong)value[i] << (i * 8);
        }

        return key | ((ulong)length << 56);
    }

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
