using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansVector.Runtime;

/// <summary>
/// A hash that is equal on every node and every run (hardware CRC32C over UTF-8), used for every placement and
/// partitioning decision. <see cref="string.GetHashCode()"/> is randomised per process and must never be used for that.
/// </summary>
public static class StableHash
{
    /// <summary>The CRC32C of the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static uint Compute(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return Compute(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The CRC32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            crc = BitOperations.Crc32C(crc, word);
        }
        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return ~crc;
    }
}
