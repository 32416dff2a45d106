using System.Net.Sockets;

namespace OrleansVector.Gateway.Http2;

/// <summary>
/// Reads whole HTTP/2 frames from a socket with blocking receives on the calling thread: one receive usually brings
/// several frames, which are then handed out without another system call. A frame's payload stays valid until the
/// next read. Not thread-safe: one thread reads a connection.
/// </summary>
public sealed class Http2FrameReader(Socket socket, int maxFrameSize)
{
    private byte[] _buffer = new byte[Math.Max(Http2Frame.HeaderLength + Http2Frame.DefaultMaxFrameSize, 64 * 1024)];
    private int _start;
    private int _end;

    /// <summary>
    /// How long one wait for input may last before <see cref="TimeoutException"/>; null waits without end. A wait, not a
    /// socket receive timeout: on Windows a receive that times out leaves the connection in an undefined state.
    /// </summary>
    public TimeSpan? ReceiveTimeout { get; set; }

    /// <summary>True when bytes of a further frame have arrived: already received, or waiting in the socket.</summary>
    public bool HasPendingInput => _end > _start || socket.Available > 0;

    /// <summary>Reads the client connection preface, receiving only as far as the bytes agree with it.</summary>
    /// <returns>true when it arrived (and is consumed); false when the first bytes differ (they stay buffered, see
    /// <see cref="Buffered"/>); null when the peer closed the connection first.</returns>
    public bool? ReadPreface()
    {
        var preface = Http2Frame.ClientPreface;
        while (true)
        {
            var buffered = _end - _start;
            var compared = Math.Min(buffered, preface.Length);
            if (!_buffer.AsSpan(_start, compared).SequenceEqual(preface[..compared]))
            {
                return false;
            }
            if (compared == preface.Length)
            {
                _start += compared;
                return true;
            }
            if (!TryFill(buffered + 1))
            {
                return null;
            }
        }
    }

    /// <summary>The bytes received and not yet read as frames.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Blocks until a whole frame has arrived.</summary>
    /// <returns>false when the peer closed the connection between frames.</returns>
    /// <exception cref="Http2ConnectionException">FRAME_SIZE_ERROR for a frame above the largest this side accepts.</exception>
    /// <exception cref="IOException">The connection closed in the middle of a frame.</exception>
    /// <exception cref="TimeoutException">No input arrived within <see cref="ReceiveTimeout"/>; the reader can go on.</exception>
    public bool TryRead(out Http2FrameHeader header, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        if (!TryFill(Http2Frame.HeaderLength))
        {
            header = default;
            return false;
        }
        header = Http2FrameHeader.Read(_buffer.AsSpan(_start, Http2Frame.HeaderLength));
        if (header.PayloadLength > maxFrameSize)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError,
                $"A {header.Type} frame of {header.PayloadLength} bytes exceeds the largest frame this side accepts ({maxFrameSize}).");
        }
        var frameLength = Http2Frame.HeaderLength + header.PayloadLength;
        if (!TryFill(frameLength))
        {
            throw new IOException($"The connection closed in the middle of a {header.Type} frame.");
        }
        payload = _buffer.AsMemory(_start + Http2Frame.HeaderLength, header.PayloadLength);
        _start += frameLength;
        return true;
    }

    /// <summary>Receives until <paramref name="count"/> bytes are buffered; false when the peer closed first.</summary>
    private bool TryFill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }
        if (_buffer.Length < count)
        {
            var grown = new byte[count];
            _buffer.AsSpan(_start, _end - _start).CopyTo(grown);
            (_buffer, _end, _start) = (grown, _end - _start, 0);
        }
        else if (_buffer.Length - _start < count)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }
        while (_end - _start < count)
        {
            if (ReceiveTimeout is { } timeout && !socket.Poll(timeout, SelectMode.SelectRead))
            {
                throw new TimeoutException($"No input arrived within {timeout}.");
            }
            var received = socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            if (received == 0)
            {
                return false;
            }
            _end += received;
        }
        return true;
    }
}
