using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansVector.Storage.Metadata;

/// <summary>
/// On-disk format of the local metadata store.
/// meta.log: "OVML" + u32 format version, then records [u32 payload length][u32 CRC32C of payload][payload], payload =
/// i64 revision, i32 change count, changes (u8 type, key, value). meta.snapshot: "OVMS" + u32 version + i64 revision +
/// i32 count + entries (key, value, i64 create, i64 mod, i64 version) + u32 CRC32C of everything before it.
/// Strings and byte arrays are i32 length + bytes; integers little-endian.
/// </summary>
internal static class MetadataLogFormat
{
    public const uint LogMagic = 0x4C4D564F;      // "OVML"
    public const uint SnapshotMagic = 0x534D564F; // "OVMS"
    public const uint FormatVersion = 1;
    public const int FileHeaderSize = 8;
    public const int RecordHeaderSize = 8;

    public static byte[] FileHeader(uint magic)
    {
        var header = new byte[FileHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), FormatVersion);
        return header;
    }

    /// <summary>Throws naming the file when its header is not this format and version.</summary>
    public static void CheckFileHeader(ReadOnlySpan<byte> data, uint magic, string path)
    {
        if (data.Length < FileHeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(data) != magic)
        {
            throw new InvalidDataException($"'{path}' is not a metadata store file (bad magic)");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"'{path}' has format version {version}; this build reads version {FormatVersion}");
        }
    }

    /// <summary>One framed log record holding every change of one revision.</summary>
    public static byte[] EncodeRecord(long revision, IReadOnlyList<MetadataEvent> changes)
    {
        var payload = new ArrayBufferWriter<byte>();
        WriteInt64(payload, revision);
        WriteInt32(payload, changes.Count);
        foreach (var change in changes)
        {
            payload.GetSpan(1)[0] = (byte)change.Type;
            payload.Advance(1);
            WriteString(payload, change.Key);
            WriteBytes(payload, change.Value.Span);
        }
        var record = new byte[RecordHeaderSize + payload.WrittenCount];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.WrittenCount);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32C.Compute(payload.WrittenSpan));
        payload.WrittenSpan.CopyTo(record.AsSpan(RecordHeaderSize));
        return record;
    }

    /// <summary>
    /// The records of a log file after its header, up to the first torn or corrupt one; <paramref name="validLength"/>
    /// is where the intact part ends (a crash can only tear the last, unacknowledged record).
    /// </summary>
    public static List<(long Revision, List<MetadataEvent> Changes)> DecodeRecords(ReadOnlySpan<byte> file, out long validLength)
    {
        var records = new List<(long, List<MetadataEvent>)>();
        var offset = FileHeaderSize;
        var lastRevision = long.MinValue;
        while (file.Length - offset >= RecordHeaderSize)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file[offset..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 4)..]);
            if (length > (uint)(file.Length - offset - RecordHeaderSize))
            {
                break;
            }
            var payload = file.Slice(offset + RecordHeaderSize, (int)length);
            if (Crc32C.Compute(payload) != crc || !TryDecodePayload(payload, out var revision, out var changes) || revision <= lastRevision)
            {
                break;
            }
            records.Add((revision, changes));
            lastRevision = revision;
            offset += RecordHeaderSize + (int)length;
        }
        validLength = offset;
        return records;
    }

    private static bool TryDecodePayload(ReadOnlySpan<byte> payload, out long revision, out List<MetadataEvent> changes)
    {
        var reader = new SpanReader(payload);
        changes = [];
        revision = 0;
        if (!reader.TryInt64(out revision) || !reader.TryInt32(out var count) || count < 0)
        {
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryByte(out var type) || type > (byte)MetadataEventType.Delete || !reader.TryString(out var key) || !reader.TryBytes(out var value))
            {
                return false;
            }
            changes.Add(new MetadataEvent((MetadataEventType)type, key, value, revision));
        }
        return reader.AtEnd;
    }

    public static byte[] EncodeSnapshot(long revision, int count, IEnumerable<MetadataEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(FileHeader(SnapshotMagic));
        WriteInt64(buffer, revision);
        WriteInt32(buffer, count);
        foreach (var entry in entries)
        {
            WriteString(buffer, entry.Key);
            WriteBytes(buffer, entry.Value.Span);
            WriteInt64(buffer, entry.CreateRevision);
            WriteInt64(buffer, entry.ModRevision);
            WriteInt64(buffer, entry.Version);
        }
        var crc = Crc32C.Compute(buffer.WrittenSpan);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), crc);
        buffer.Advance(4);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a snapshot; a snapshot is written by rename, so any damage is corruption and throws naming the file.</summary>
    public static (long Revision, List<MetadataEntry> Entries) DecodeSnapshot(ReadOnlySpan<byte> data, string path)
    {
        CheckFileHeader(data, SnapshotMagic, path);
        if (data.Length < FileHeaderSize + 16 || Crc32C.Compute(data[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]))
        {
            throw new InvalidDataException($"'{path}' fails its CRC32C check");
        }
        var reader = new SpanReader(data[FileHeaderSize..^4]);
        var entries = new List<MetadataEntry>();
        if (reader.TryInt64(out var revision) && reader.TryInt32(out var count))
        {
            for (var i = 0; i < count; i++)
            {
                if (!reader.TryString(out var key) || !reader.TryBytes(out var value) || !reader.TryInt64(out var create) ||
                    !reader.TryInt64(out var mod) || !reader.TryInt64(out var version))
                {
                    break;
                }
                entries.Add(new MetadataEntry(key, value, create, mod, version));
            }
            if (entries.Count == count && reader.AtEnd)
            {
                return (revision, entries);
            }
        }
        throw new InvalidDataException($"'{path}' has a valid checksum but malformed contents");
    }

    private static void WriteInt32(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(buffer, length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> value)
    {
        WriteInt32(buffer, value.Length);
        buffer.Write(value);
    }

    /// <summary>Bounds-checked reads over a payload; every Try fails instead of reading past the end.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public bool TryByte(out byte value)
        {
            value = 0;
            if (_rest.IsEmpty)
            {
                return false;
            }
            value = _rest[0];
            _rest = _rest[1..];
            return true;
        }

        public bool TryInt32(out int value)
        {
            value = 0;
            if (_rest.Length < 4)
            {
                return false;
            }
            value = BinaryPrimitives.ReadInt32LittleEndian(_rest);
            _rest = _rest[4..];
            return true;
        }

        public bool TryInt64(out long value)
        {
            value = 0;
            if (_rest.Length < 8)
            {
                return false;
            }
            value = BinaryPrimitives.ReadInt64LittleEndian(_rest);
            _rest = _rest[8..];
            return true;
        }

        public bool TryBytes(out byte[] value)
        {
            value = [];
            if (!TryInt32(out var length) || length < 0 || length > _rest.Length)
            {
                return false;
            }
            value = _rest[..length].ToArray();
            _rest = _rest[length..];
            return true;
        }

        public bool TryString(out string value)
        {
            value = "";
            if (!TryInt32(out var length) || length < 0 || length > _rest.Length)
            {
                return false;
            }
            value = Encoding.UTF8.GetString(_rest[..length]);
            _rest = _rest[length..];
            return true;
        }
    }
}
