using System.Buffers.Binary;
using System.Globalization;

namespace OrleansVector.Storage.Wal.Local;

/// <summary>
/// The on-disk layout of a local WAL segment file, all little-endian:
/// a 32-byte header (magic "OVWALSEG", uint16 version, 6 reserved bytes, int64 first LSN, 4 reserved bytes, uint32
/// CRC-32C of the 28 bytes before it), then frames: uint32 payload length, int64 LSN, uint32 CRC-32C of the
/// length, the LSN and the payload, then the payload. A frame is valid only if its length is in range, its LSN is
/// the next expected one and its CRC matches, so a torn or zero-filled tail is recognised as the end.
/// </summary>
internal static class WalSegmentFormat
{
    public const int HeaderSize = 32;
    public const int FrameHeaderSize = 16;
    public const ushort Version = 1;
    public const string Extension = ".wal";
    private const ulong Magic = 0x4745534C4157564F; // "OVWALSEG" read as little-endian

    public static string FileName(long firstLsn) => firstLsn.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseFileName(string fileName, out long firstLsn)
    {
        firstLsn = 0;
        return fileName.Length == 20 + Extension.Length && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out firstLsn);
    }

    public static void WriteHeader(Span<byte> header, long firstLsn)
    {
        header[..HeaderSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], firstLsn);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(header[..28]));
    }

    /// <summary>Null when the header is good, else what is wrong with it.</summary>
    public static string? CheckHeader(ReadOnlySpan<byte> header, long expectedFirstLsn)
    {
        if (header.Length < HeaderSize)
        {
            return $"the header is incomplete ({header.Length} of {HeaderSize} bytes)";
        }
        if (BinaryPrimitives.ReadUInt64LittleEndian(header) != Magic)
        {
            return "the magic number is wrong (not a WAL segment)";
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[28..]) != Crc32C.Compute(header[..28]))
        {
            return "the header checksum does not match";
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        if (version != Version)
        {
            return $"format version {version} is not supported (this build reads version {Version})";
        }
        var firstLsn = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        return firstLsn == expectedFirstLsn ? null : $"the header says first LSN {firstLsn} but the file name says {expectedFirstLsn}";
    }

    /// <summary>Writes one frame (header and payload) into <paramref name="destination"/>; returns its size.</summary>
    public static int WriteFrame(Span<byte> destination, long lsn, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], lsn);
        payload.CopyTo(destination[FrameHeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], FrameChecksum(destination[..12], payload));
        return FrameHeaderSize + payload.Length;
    }

    public static uint FrameChecksum(ReadOnlySpan<byte> lengthAndLsn, ReadOnlySpan<byte> payload) =>
        Crc32C.Append(Crc32C.Compute(lengthAndLsn), payload);
}
