using System.Buffers.Binary;

namespace OrleansVector.Index.Serialization;

/// <summary>Reads what <see cref="ChecksummedWriteStream"/> wrote, verifying each chunk before handing out its bytes.</summary>
internal sealed class ChecksummedReadStream : Stream
{
    private readonly Stream inner;
    private readonly string source;
    private readonly byte[] buffer = new byte[ChecksummedWriteStream.ChunkSize];
    private int available;
    private int position;
    private uint payloadCrc;
    private bool ended;

    public ChecksummedReadStream(Stream inner, string source)
    {
        this.inner = inner;
        this.source = source;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (position == available && !NextChunk())
        {
            return 0;
        }

        var take = Math.Min(destination.Length, available - position);
        buffer.AsSpan(position, take).CopyTo(destination);
        position += take;
        return take;
    }

    /// <summary>Checks that the payload was read to its end marker and that the whole-payload CRC matches.</summary>
    public void VerifyEnd()
    {
        if (position != available || (!ended && NextChunk()))
        {
            throw Corrupt("the payload holds more data than the index read");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool NextChunk()
    {
        if (ended)
        {
            return false;
        }

        Span<byte> word = stackalloc byte[4];
        ReadAll(word);
        var length = BinaryPrimitives.ReadInt32LittleEndian(word);
        if (length == 0)
        {
            ReadAll(word);
            if (BinaryPrimitives.ReadUInt32LittleEndian(word) != payloadCrc)
            {
                throw Corrupt("the payload checksum does not match");
            }

            ended = true;
            return false;
        }

        if (length < 0 || length > buffer.Length)
        {
            throw Corrupt($"a chunk length of {length} bytes is invalid");
        }

        var data = buffer.AsSpan(0, length);
        ReadAll(data);
        var crc = Crc32C.Append(Crc32C.Append(0, word), data);
        ReadAll(word);
        if (BinaryPrimitives.ReadUInt32LittleEndian(word) != crc)
        {
            throw Corrupt("a chunk checksum (CRC-32C) does not match");
        }

        payloadCrc = Crc32C.Append(payloadCrc, data);
        available = length;
        position = 0;
        return true;
    }

    private void ReadAll(Span<byte> destination)
    {
        try
        {
            inner.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Index data from {source} is truncated.", e);
        }
    }

    private InvalidDataException Corrupt(string what) => new($"Index data from {source} is corrupt: {what}.");
}
