using System.Buffers.Binary;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// The frame every segment file shares: an 8-byte header (4-byte magic naming the kind of file, format version as a
/// little-endian uint16, 2 reserved zero bytes), the kind's sections, then the CRC32C of everything before it.
/// A section is a little-endian int32/int64/double or an array: an int64 element count followed by the raw
/// little-endian elements.
/// </summary>
internal static class SegmentFileFrame
{
    public const ushort Version = 1;
    public const int HeaderBytes = 8;
    public const int ChecksumBytes = 4;

    /// <summary>Insert log: one column of a segment.</summary>
    public static readonly uint InsertLogMagic = MagicOf("OVIL"u8);

    /// <summary>Delta log: deleted primary keys with their timestamps.</summary>
    public static readonly uint DeltaLogMagic = MagicOf("OVDL"u8);

    /// <summary>Stats log: primary-key bloom filter, min/max and row count.</summary>
    public static readonly uint StatsLogMagic = MagicOf("OVSL"u8);

    public static string Describe(uint magic) =>
        magic == InsertLogMagic ? "an insert log" : magic == DeltaLogMagic ? "a delta log" : "a stats log";

    private static uint MagicOf(ReadOnlySpan<byte> ascii) => BinaryPrimitives.ReadUInt32LittleEndian(ascii);
}
