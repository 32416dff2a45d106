using System.Numerics;

namespace OrleansVector.Index;

/// <summary>
/// A fixed-length set of row ids, one bit per id. Searches take one as the rows to EXCLUDE (Milvus's convention: a set
/// bit filters the row out). Reading is thread-safe; writers must finish before a search starts.
/// </summary>
public sealed class Bitset
{
    public Bitset(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        Words = new ulong[(length + 63) >> 6];
    }

    /// <summary>Number of bits (ids 0 .. Length-1).</summary>
    public long Length { get; }

    /// <summary>The bits, 64 per word, bit <c>i</c> at <c>Words[i / 64] &gt;&gt; (i % 64)</c>. Bits past Length stay 0.</summary>
    public ulong[] Words { get; }

    public bool this[long index]
    {
        get => (ulong)index < (ulong)Length && (Words[index >> 6] & (1UL << (int)(index & 63))) != 0;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
            if (value)
            {
                Words[index >> 6] |= 1UL << (int)(index & 63);
            }
            else
            {
                Words[index >> 6] &= ~(1UL << (int)(index & 63));
            }
        }
    }

    /// <summary>Number of set bits.</summary>
    public long PopCount()
    {
        long count = 0;
        foreach (var word in Words)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }
}
