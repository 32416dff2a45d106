using System.Buffers;
using System.Buffers.Binary;

namespace OrleansVector.Storage.Wal.Local;

/// <summary>
/// Reads and verifies the frames of one segment file in order. Used by recovery (to find where the valid data ends)
/// and by readers (which must never return an unverified record). The payload buffer is pooled and reused.
/// </summary>
internal sealed class WalFrameReader : IDisposable
{
    private readonly FileStream _file;
    private readonly int _maxRecordBytes;
    private readonly byte[] _frameHeader = new byte[WalSegmentFormat.FrameHeaderSize];
    private byte[] _payload;

    public WalFrameReader(string path, long firstLsn, int maxRecordBytes)
    {
        Path = path;
        _maxRecordBytes = maxRecordBytes;
        _file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 1 << 16,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        });
        _payload = ArrayPool<byte>.Shared.Rent(4096);
        NextLsn = firstLsn;
    }

    public string Path { get; }

    /// <summary>The LSN the next valid frame must carry.</summary>
    public long NextLsn { get; private set; }

    /// <summary>The file offset just after the last valid frame (or the header).</summary>
    public long ValidLength { get; private set; }

    /// <summary>Why the last <see cref="ReadNextAsync"/> returned false at a place that is not a clean end of file; null at a clean end.</summary>
    public string? StopReason { get; private set; }

    /// <summary>The payload of the frame just read; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>Reads and checks the header; false (with <see cref="StopReason"/>) when it is missing or bad.</summary>
    public async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var header = new byte[WalSegmentFormat.HeaderSize];
        var read = await _file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        StopReason = WalSegmentFormat.CheckHeader(header.AsSpan(0, read), NextLsn);
        ValidLength = StopReason is null ? WalSegmentFormat.HeaderSize : 0;
        return StopReason is null;
    }

    /// <summary>
    /// Reads the next frame. False at the end of the valid data: a clean end of file (<see cref="StopReason"/> null)
    /// or a frame that fails a check (the reason says which).
    /// </summary>
    public async ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken)
    {
        StopReason = null;
        var read = await _file.ReadAtLeastAsync(_frameHeader, _frameHeader.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return false;
        }
        if (read < _frameHeader.Length)
        {
            return Stop($"a frame header is cut short ({read} of {_frameHeader.Length} bytes)");
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_frameHeader);
        var lsn = BinaryPrimitives.ReadInt64LittleEndian(_frameHeader.AsSpan(4));
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(_frameHeader.AsSpan(12));
        if (length == 0 || length > (uint)_maxRecordBytes)
        {
            return Stop($"a frame length {length} is outside 1..{_maxRecordBytes}");
        }
        if (lsn != NextLsn)
        {
            return Stop($"a frame carries LSN {lsn} where {NextLsn} was expected");
        }
        if (_payload.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent((int)length);
        }
        var payload = _payload.AsMemory(0, (int)length);
        read = await _file.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < payload.Length)
        {
            return Stop($"the payload of LSN {lsn} is cut short ({read} of {length} bytes)");
        }
        if (WalSegmentFormat.FrameChecksum(_frameHeader.AsSpan(0, 12), payload.Span) != checksum)
        {
            return Stop($"the checksum of LSN {lsn} does not match");
        }
        Payload = payload;
        NextLsn++;
        ValidLength += WalSegmentFormat.FrameHeaderSize + length;
        return true;
    }

    private bool Stop(string reason)
    {
        StopReason = $"{reason} at offset {ValidLength}";
        return false;
    }

    public void Dispose()
    {
        _file.Dispose();
        ArrayPool<byte>.Shared.Return(_payload);
        _payload = [];
    }
}
