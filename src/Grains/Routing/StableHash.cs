using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace OrleansVector.Grains.Routing;

/// <summary>
/// The hashes Milvus routes primary keys with, so rows land on the same shard index as in Milvus and the
/// routing never depends on the process (unlike string.GetHashCode): Int64 keys use MurmurHash3 x86_32 (seed 0)
/// of the 8 little-endian bytes; VarChar keys use CRC-32 (IEEE) of at most the first 100 UTF-8 bytes.
/// </summary>
public static class StableHash
{
    /// <summary>Milvus hashes only this many leading bytes of a string key.</summary>
    public const int MaxStringBytes = 100;

    private static readonly uint[] Crc32Table = BuildCrc32Table();

    public static uint Hash(long key)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, key);
        return Murmur3(bytes, seed: 0);
    }

    public static uint Hash(string key)
    {
        // The first 100 chars encode to at least 100 bytes; a surrogate pair cut at the end would encode as a
        // replacement character, so its second half comes along. Encoding the whole key would cost O(key length).
        var chars = key.Length <= MaxStringBytes ? key.AsSpan()
            : key.AsSpan(0, char.IsHighSurrogate(key[MaxStringBytes - 1]) ? MaxStringBytes + 1 : MaxStringBytes);
        Span<byte> bytes = stackalloc byte[(MaxStringBytes + 1) * 3];
        var written = Encoding.UTF8.GetBytes(chars, bytes);
        return Crc32(bytes[..Math.Min(written, MaxStringBytes)]);
    }

    /// <summary>MurmurHash3, x86 32-bit variant.</summary>
    public static uint Murmur3(ReadOnlySpan<byte> data, uint seed)
    {
        const uint c1 = 0xcc9e2d51, c2 = 0x1b873593;
        var hash = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            hash ^= BitOperations.RotateLeft(k * c1, 15) * c2;
            hash = (BitOperations.RotateLeft(hash, 13) * 5) + 0xe6546b64;
        }
        var tail = data[(blocks * 4)..];
        uint last = 0;
        for (var i = tail.Length - 1; i >= 0; i--)
        {
            last = (last << 8) | tail[i];
        }
        if (tail.Length > 0)
        {
            hash ^= BitOperations.RotateLeft(last * c1, 15) * c2;
        }
        hash ^= (uint)data.Length;
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }

    /// <summary>CRC-32 with the IEEE 802.3 polynomial (reflected 0xEDB88320), as zlib and Go's crc32.ChecksumIEEE.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = Crc32Table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] BuildCrc32Table()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
