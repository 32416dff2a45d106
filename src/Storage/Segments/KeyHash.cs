using System.Buffers.Binary;
using System.Numerics;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// A stable 64-bit hash of primary keys for the bloom filter (persisted, so never <c>string.GetHashCode</c>):
/// 8-byte words mixed multiply-rotate style, finished with the murmur3 64-bit finalizer. Int64 keys hash their
/// 8 little-endian bytes, VarChar keys their UTF-8 bytes.
/// </summary>
internal static class KeyHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;

    public static ulong Of(long key) => Finish(Mix(Prime1 ^ sizeof(long), (ulong)key));

    public static ulong Of(ReadOnlySpan<byte> utf8)
    {
        var state = Prime1 ^ (ulong)utf8.Length;
        while (utf8.Length >= sizeof(ulong))
        {
            state = Mix(state, BinaryPrimitives.ReadUInt64LittleEndian(utf8));
            utf8 = utf8[sizeof(ulong)..];
        }

        if (!utf8.IsEmpty)
        {
            Span<byte> tail = stackalloc byte[sizeof(ulong)];
            tail.Clear();
            utf8.CopyTo(tail);
            state = Mix(state, BinaryPrimitives.ReadUInt64LittleEndian(tail) ^ ((ulong)utf8.Length << 56));
        }

        return Finish(state);
    }

    private static ulong Mix(ulong state, ulong word) => BitOperations.RotateLeft(state ^ (word * Prime2), 31) * Prime1;

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCD;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53;
        h ^= h >> 33;
        return h;
    }
}
