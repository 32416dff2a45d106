using System.Buffers;
using System.Buffers.Binary;

namespace OrleansVector.Storage.Segments;

/// <summary>
/// Lays out a segment file (<see cref="SegmentFileFrame"/>) as a list of parts: small scalars go to a scratch
/// buffer, arrays are referenced where they lie, so writing a large column copies nothing until the bytes are streamed.
/// </summary>
internal sealed class SegmentFileBuilder
{
    private readonly List<FilePart> _parts = [];
    private ArrayBufferWriter<byte> _scalars = new(256);

    public SegmentFileBuilder(uint magic)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Segment files are written from little-endian memory.");
        }

        WriteUInt32(magic);
        BinaryPrimitives.WriteUInt16LittleEndian(_scalars.GetSpan(sizeof(ushort)), SegmentFileFrame.Version);
        _scalars.Advance(sizeof(ushort));
        BinaryPrimitives.WriteUInt16LittleEndian(_scalars.GetSpan(sizeof(ushort)), 0);
        _scalars.Advance(sizeof(ushort));
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scalars.GetSpan(sizeof(int)), value);
        _scalars.Advance(sizeof(int));
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scalars.GetSpan(sizeof(long)), value);
        _scalars.Advance(sizeof(long));
    }

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>An array section: the element count, then the elements, referenced rather than copied.</summary>
    public void WriteArray<T>(ReadOnlyMemory<T> values) where T : unmanaged
    {
        WriteInt64(values.Length);
        if (!values.IsEmpty)
        {
            FlushScalars();
            _parts.Add(new MemoryFilePart<T>(values));
        }
    }

    /// <summary>Closes the file with its checksum; the result streams the bytes.</summary>
    public Stream Build()
    {
        var checksum = 0u;
        FlushScalars();
        foreach (var part in _parts)
        {
            for (long offset = 0; offset < part.Length;)
            {
                var length = (int)Math.Min(part.Length - offset, 1 << 30);
                checksum = Crc32C.Append(checksum, part.Slice(offset, length));
                offset += length;
            }
        }
        WriteUInt32(checksum);
        FlushScalars();
        return new SegmentFileContent(_parts);
    }

    private void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_scalars.GetSpan(sizeof(uint)), value);
        _scalars.Advance(sizeof(uint));
    }

    private void FlushScalars()
    {
        if (_scalars.WrittenCount > 0)
        {
            _parts.Add(new MemoryFilePart<byte>(_scalars.WrittenMemory));
            _scalars = new ArrayBufferWriter<byte>(256);
        }
    }
}
