namespace OrleansVector.Storage.Segments;

/// <summary>
/// A bloom filter over primary keys: <c>k</c> bit positions per key by double hashing (Kirsch–Mitzenmacher) of
/// <see cref="KeyHash"/>; sized for an expected key count and false-positive rate. Never answers false for a key
/// that was added.
/// </summary>
public sealed class BloomFilter
{
    private readonly ulong[] _bits;

    /// <summary>An empty filter holding <paramref name="expectedKeys"/> keys at about <paramref name="falsePositiveRate"/>.</summary>
    public BloomFilter(long expectedKeys, double falsePositiveRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedKeys);
        if (!(falsePositiveRate is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate lies strictly between 0 and 1.");
        }

        // m = -n ln p / (ln 2)^2 bits, k = (m / n) ln 2 hashes.
        var keys = Math.Max(expectedKeys, 1);
        var bits = Math.Ceiling(-keys * Math.Log(falsePositiveRate) / (Math.Log(2) * Math.Log(2)));
        var words = (long)Math.Ceiling(Math.Max(bits, 64) / 64);
        if (words > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedKeys), expectedKeys, $"A filter for {expectedKeys} keys at rate {falsePositiveRate} would be too large.");
        }

        _bits = new ulong[words];
        HashCount = (int)Math.Clamp(Math.Round(words * 64.0 / keys * Math.Log(2)), 1, 30);
    }

    internal BloomFilter(ulong[] bits, int hashCount)
    {
        _bits = bits;
        HashCount = hashCount;
    }

    public int HashCount { get; }

    public long BitCount => _bits.LongLength * 64;

    internal ReadOnlyMemory<ulong> Words => _bits;

    public void Add(long key) => Add(KeyHash.Of(key));

    public void Add(ReadOnlySpan<byte> utf8Key) => Add(KeyHash.Of(utf8Key));

    public void Add(string key) => Add(HashString(key));

    public bool MayContain(long key) => MayContain(KeyHash.Of(key));

    public bool MayContain(ReadOnlySpan<byte> utf8Key) => MayContain(KeyHash.Of(utf8Key));

    public bool MayContain(string key) => MayContain(HashString(key));

    private void Add(ulong hash)
    {
        var (h1, h2) = Split(hash);
        var m = (ulong)BitCount;
        for (var i = 0u; i < HashCount; i++)
        {
            var bit = (h1 + i * h2) % m;
            _bits[bit >> 6] |= 1UL << (int)bit;
        }
    }

    private bool MayContain(ulong hash)
    {
        var (h1, h2) = Split(hash);
        var m = (ulong)BitCount;
        for (var i = 0u; i < HashCount; i++)
        {
            var bit = (h1 + i * h2) % m;
            if ((_bits[bit >> 6] & (1UL << (int)bit)) == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static (ulong H1, ulong H2) Split(ulong hash) => (hash & 0xFFFFFFFF, (hash >> 32) | 1);

    private static ulong HashString(string key)
    {
        using var utf8 = new PooledUtf8(key);
        return KeyHash.Of(utf8.Bytes);
    }
}
