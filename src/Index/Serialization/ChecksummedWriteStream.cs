using System.Buffers.Binary;

namespace OrleansVector.Index.Serialization;

/// <summary>
/// Writes a payload as checksummed chunks: [int32 length][bytes][uint32 CRC-32C of length and bytes], ended by a chunk
/// of length 0 whose CRC covers the whole payload. A reader verifies every chunk before parsing a byte of it.
/// </summary>
internal sealed class ChecksummedWriteStream : Stream
{
    internal const int ChunkSize = 1 << 20;

    private readonly Stream inner;
    private readonly byte[] buffer = new byte[ChunkSize];
    private int buffered;
    private uint payloadCrc;
    private bool finished;

    public ChecksummedWriteStream(Stream inner) => this.inner = inner;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !finished;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, ChunkSize - buffered);
            data[..take].CopyTo(buffer.AsSpan(buffered));
            buffered += take;
            data = data[take..];
            if (buffered == ChunkSize)
            {
                WriteChunk();
            }
        }
    }

    /// <summary>Writes the last chunk and the end marker. The inner stream stays open.</summary>
    public void Finish()
    {
        if (finished)
        {
            return;
        }

        if (buffered > 0)
        {
            WriteChunk();
        }

        Span<byte> end = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(end, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(end[4..], payloadCrc);
        inner.Write(end);
        inner.Flush();
        finished = true;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void WriteChunk()
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, buffered);
        var data = buffer.AsSpan(0, buffered);
        var crc = Crc32C.Append(Crc32C.Append(0, length), data);
        payloadCrc = Crc32C.Append(payloadCrc, data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crcBytes, crc);
        inner.Write(length);
        inner.Write(data);
        inner.Write(crcBytes);
        buffered = 0;
    }
}
