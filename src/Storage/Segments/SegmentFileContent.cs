namespace OrleansVector.Storage.Segments;

/// <summary>A read-only forward stream over the parts of a built segment file, for <c>IObjectStore.PutAsync(key, stream)</c>.</summary>
internal sealed class SegmentFileContent(IReadOnlyList<FilePart> parts) : Stream
{
    private int _part;
    private long _offsetInPart;
    private long _position;

    public override long Length { get; } = parts.Sum(part => part.Length);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A segment file stream reads forward only.");
    }

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _part < parts.Count)
        {
            var part = parts[_part];
            var length = (int)Math.Min(part.Length - _offsetInPart, buffer.Length - written);
            part.Slice(_offsetInPart, length).CopyTo(buffer[written..]);
            written += length;
            _offsetInPart += length;
            if (_offsetInPart == part.Length)
            {
                _part++;
                _offsetInPart = 0;
            }
        }
        _position += written;
        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A segment file stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A segment file stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A segment file stream is read-only.");
}
