using System.Buffers.Binary;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>
/// A fragment object: "OVWF", u32 format version, i64 epoch, i64 first LSN, i32 record count, then per record
/// u32 length + payload, then u32 CRC32C of everything before it.
/// </summary>
internal static class WalFragmentFormat
{
    private const uint Magic = 0x4657564F; // "OVWF"
    private const uint FormatVersion = 1;
    private const int HeaderSize = 4 + 4 + 8 + 8 + 4;

    public static int EncodedSize(IEnumerable<ReadOnlyMemory<byte>> records) => HeaderSize + records.Sum(r => 4 + r.Length) + 4;

    public static byte[] Encode(long epoch, long firstLsn, IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var bytes = new byte[EncodedSize(records)];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], epoch);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], firstLsn);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], records.Count);
        var offset = HeaderSize;
        foreach (var record in records)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], record.Length);
            record.Span.CopyTo(span[(offset + 4)..]);
            offset += 4 + record.Length;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], Crc32C.Compute(span[..offset]));
        return bytes;
    }

    /// <summary>The CRC32C stored at the end of an encoded fragment.</summary>
    public static uint StoredCrc(ReadOnlySpan<byte> fragment) => BinaryPrimitives.ReadUInt32LittleEndian(fragment[^4..]);

    /// <summary>The records of a fragment, checked against the metadata that committed it; any mismatch throws naming the object.</summary>
    public static List<ReadOnlyMemory<byte>> Decode(byte[] bytes, WalFragmentInfo info, string objectKey)
    {
        WalCorruptException Corrupt(string why) => new($"WAL fragment '{objectKey}' (LSN {info.FirstLsn}..{info.EndLsn - 1}) {why}");
        if (bytes.Length != info.Size || bytes.Length < HeaderSize + 4)
        {
            throw Corrupt($"has {bytes.Length} bytes, its commit record says {info.Size}");
        }
        var span = bytes.AsSpan();
        if (BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(span[4..]) != FormatVersion)
        {
            throw Corrupt("has an unknown magic or format version");
        }
        var crc = StoredCrc(span);
        if (crc != info.Crc || Crc32C.Compute(span[..^4]) != crc)
        {
            throw Corrupt("fails its CRC32C check");
        }
        if (BinaryPrimitives.ReadInt64LittleEndian(span[8..]) != info.Epoch || BinaryPrimitives.ReadInt64LittleEndian(span[16..]) != info.FirstLsn ||
            BinaryPrimitives.ReadInt32LittleEndian(span[24..]) != info.Count)
        {
            throw Corrupt("header does not match its commit record");
        }
        var records = new List<ReadOnlyMemory<byte>>(info.Count);
        var offset = HeaderSize;
        for (var i = 0; i < info.Count; i++)
        {
            var length = offset + 4 <= bytes.Length - 4 ? BinaryPrimitives.ReadInt32LittleEndian(span[offset..]) : -1;
            if (length < 0 || offset + 4 + length > bytes.Length - 4)
            {
                throw Corrupt($"record {i} overruns the fragment");
            }
            records.Add(bytes.AsMemory(offset + 4, length));
            offset += 4 + length;
        }
        return offset == bytes.Length - 4 ? records : throw Corrupt("has bytes after its last record");
    }
}
