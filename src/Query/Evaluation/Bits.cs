using System.Numerics;

namespace OrleansVector.Query.Evaluation;

/// <summary>Word-at-a-time operations on bitsets (bit <c>i</c> of word <c>i / 64</c> is row <c>i</c>).</summary>
internal static class Bits
{
    public static bool Get(ReadOnlySpan<ulong> bits, int row) => (bits[row >> 6] & (1UL << row)) != 0;

    public static void Set(Span<ulong> bits, int row) => bits[row >> 6] |= 1UL << row;

    public static void Clear(Span<ulong> bits, int row) => bits[row >> 6] &= ~(1UL << row);

    /// <summary>Sets the first <paramref name="rows"/> bits and clears the rest.</summary>
    public static void SetAll(Span<ulong> bits, int rows)
    {
        bits.Fill(ulong.MaxValue);
        ClearTail(bits, rows);
    }

    /// <summary>Clears the bits past the last row so that counts and negations stay exact.</summary>
    public static void ClearTail(Span<ulong> bits, int rows)
    {
        var full = rows >> 6;
        if ((rows & 63) != 0)
        {
            bits[full] &= (1UL << rows) - 1;
            full++;
        }

        bits[full..].Clear();
    }

    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] &= other[i];
        }
    }

    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] |= other[i];
        }
    }

    public static void AndNot(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] &= ~other[i];
        }
    }

    /// <summary><paramref name="target"/> = ~<paramref name="target"/> &amp; <paramref name="mask"/>.</summary>
    public static void NotAnd(Span<ulong> target, ReadOnlySpan<ulong> mask)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = ~target[i] & mask[i];
        }
    }

    public static bool IsZero(ReadOnlySpan<ulong> bits) => bits.IndexOfAnyExcept(0UL) < 0;

    public static int Count(ReadOnlySpan<ulong> bits)
    {
        var count = 0;
        foreach (var word in bits)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>The rows whose bits are set, in order.</summary>
    public static SetBitEnumerator Rows(ReadOnlySpan<ulong> bits) => new(bits);

    internal ref struct SetBitEnumerator(ReadOnlySpan<ulong> bits)
    {
        private readonly ReadOnlySpan<ulong> _bits = bits;
        private int _word = -1;
        private ulong _current;

        public int Current { get; private set; }

        public readonly SetBitEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_current == 0)
            {
                if (++_word >= _bits.Length)
                {
                    return false;
                }

                _current = _bits[_word];
            }

            Current = (_word << 6) + BitOperations.TrailingZeroCount(_current);
            _current &= _current - 1;
            return true;
        }
    }
}
