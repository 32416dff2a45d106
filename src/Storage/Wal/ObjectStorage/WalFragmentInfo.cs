using System.Buffers.Binary;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>
/// The metadata record that commits a fragment: its LSN range, the epoch that wrote it, and the size and CRC32C of its
/// object. Encoded as u8 format version, i64 first LSN, i32 count, i64 epoch, i64 size, u32 CRC (little-endian).
/// </summary>
internal sealed record WalFragmentInfo(long FirstLsn, int Count, long Epoch, long Size, uint Crc)
{
    private const byte FormatVersion = 1;
    private const int EncodedSize = 1 + 8 + 4 + 8 + 8 + 4;

    /// <summary>One past the fragment's last LSN.</summary>
    public long EndLsn => FirstLsn + Count;

    public byte[] Encode()
    {
        var bytes = new byte[EncodedSize];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), FirstLsn);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9), Count);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(13), Epoch);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(21), Size);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(29), Crc);
        return bytes;
    }

    public static WalFragmentInfo Decode(ReadOnlySpan<byte> bytes, string key)
    {
        if (bytes.Length != EncodedSize || bytes[0] != FormatVersion)
        {
            throw new WalCorruptException($"WAL fragment record '{key}' has an unknown format ({bytes.Length} bytes, version {(bytes.IsEmpty ? -1 : bytes[0])})");
        }
        return new WalFragmentInfo(
            BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[9..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[13..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[21..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[29..]));
    }
}
