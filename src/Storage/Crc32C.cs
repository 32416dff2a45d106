using System.Buffers.Binary;
using System.Numerics;

namespace OrleansVector.Storage;

/// <summary>
/// CRC-32C (Castagnoli), the checksum on every WAL record and storage file, computed with the hardware instruction
/// behind <see cref="BitOperations.Crc32C(uint, ulong)"/>. Standard parameters (init and final xor 0xFFFFFFFF), so
/// <c>Compute("123456789") == 0xE3069283</c> and <c>Append(Compute(a), b) == Compute(a + b)</c>.
/// </summary>
public static class Crc32C
{
    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues <paramref name="crc"/> (a finished checksum of earlier bytes) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }
        return ~state;
    }
}
