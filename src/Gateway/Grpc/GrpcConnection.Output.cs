using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>The frames this side sends, written under the connection's lock: responses within the client's flow-control windows, resets and GOAWAY.</summary>
internal sealed partial class GrpcConnection
{
    /// <summary>Buffered output is sent once it passes this size, so a large response is not held in memory twice.</summary>
    private const int FlushThreshold = 256 * 1024;

    private static readonly byte[] ResponseHeaders = HeaderBlock(b =>
    {
        HpackEncoder.WriteIndexed(b, HpackStaticTable.Status200);
        HpackEncoder.WriteLiteral(b, HpackStaticTable.ContentType, GrpcFrame.ContentType);
        HpackEncoder.WriteLiteral(b, GrpcFrame.AcceptEncodingHeader, GrpcFrame.IdentityEncoding);
    });

    private static readonly byte[] OkTrailers = HeaderBlock(b => HpackEncoder.WriteLiteral(b, GrpcFrame.StatusHeader, "0"));

    /// <summary>Headers, the message as far as the windows allow, and the OK trailers once all of it is sent.</summary>
    private void WriteResponse(GrpcServerStream stream, GrpcResult result)
    {
        WriteHeaders(stream.Id, ResponseHeaders, endStream: false);
        var length = GrpcFrame.HeaderLength + result.ResponseSize;
        if (length <= _peerMaxFrameSize && length <= _connectionSendWindow && length <= stream.SendWindow)
        {
            // The common case: the framed message goes straight into the output, no copy.
            Http2Frame.WriteHeader(_output.GetSpan(Http2Frame.HeaderLength), length, Http2FrameType.Data, Http2FrameFlags.None, stream.Id);
            _output.Advance(Http2Frame.HeaderLength);
            GrpcFrame.Write(_output, result.Response!, result.ResponseSize);
            _connectionSendWindow -= length;
            stream.SendWindow -= length;
            EndResponse(stream);
            return;
        }
        var framed = ArrayPool<byte>.Shared.Rent(length);
        GrpcFrame.WriteHeader(framed, (uint)result.ResponseSize);
        result.Response!.WriteTo(framed.AsSpan(GrpcFrame.HeaderLength, result.ResponseSize));
        stream.Hold(framed, length);
        if (SendPendingLocked(stream))
        {
            EndResponse(stream);
        }
        else
        {
            _blocked.Add(stream);
        }
    }

    /// <summary>Sends what the windows allow of a held response; true when all of it has gone.</summary>
    private bool SendPendingLocked(GrpcServerStream stream)
    {
        while (stream.PendingOffset < stream.PendingLength)
        {
            var chunk = (int)Math.Min(Math.Min(stream.PendingLength - stream.PendingOffset, _peerMaxFrameSize),
                Math.Min(_connectionSendWindow, stream.SendWindow));
            if (chunk <= 0)
            {
                return false;
            }
            Http2Frame.Write(_output, Http2FrameType.Data, Http2FrameFlags.None, stream.Id, stream.Pending.AsSpan(stream.PendingOffset, chunk));
            stream.PendingOffset += chunk;
            _connectionSendWindow -= chunk;
            stream.SendWindow -= chunk;
            if (_output.WrittenCount >= FlushThreshold)
            {
                FlushLocked();
            }
        }
        return true;
    }

    private void ResumeBlockedLocked()
    {
        for (var i = 0; i < _blocked.Count && _connectionSendWindow > 0;)
        {
            var stream = _blocked[i];
            if (!SendPendingLocked(stream))
            {
                i++;
                continue;
            }
            _blocked.RemoveAt(i);
            EndResponse(stream);
        }
    }

    /// <summary>All of the message has gone: the OK trailers end the stream.</summary>
    private void EndResponse(GrpcServerStream stream)
    {
        WriteHeaders(stream.Id, OkTrailers, endStream: true);
        Finish(stream);
    }

    /// <summary>The stream's response is complete (written, not yet flushed): forget it (under the lock).</summary>
    private void Finish(GrpcServerStream stream)
    {
        stream.ReleasePending();
        _streams.Remove(stream.Id);
    }

    /// <summary>A response without a message: a bare HTTP status, or a gRPC status in the headers (Trailers-Only).</summary>
    private void WriteResult(int streamId, GrpcResult result)
    {
        _scratch.ResetWrittenCount();
        if (result.HttpStatus != 200)
        {
            HpackEncoder.WriteLiteral(_scratch, HpackStaticTable.Status200, result.HttpStatus.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            _scratch.Write(ResponseHeaders);
            HpackEncoder.WriteLiteral(_scratch, GrpcFrame.StatusHeader, ((int)result.Status).ToString(CultureInfo.InvariantCulture));
            if (result.StatusMessage is { Length: > 0 } message)
            {
                HpackEncoder.WriteLiteral(_scratch, GrpcFrame.MessageHeader, GrpcMessageEncoding.Encode(message));
            }
        }
        WriteHeaders(streamId, _scratch.WrittenSpan, endStream: true);
    }

    /// <summary>A header block as HEADERS plus CONTINUATION frames no larger than the client accepts.</summary>
    private void WriteHeaders(int streamId, ReadOnlySpan<byte> block, bool endStream)
    {
        var type = Http2FrameType.Headers;
        var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        do
        {
            var fragment = block[..Math.Min(block.Length, _peerMaxFrameSize)];
            block = block[fragment.Length..];
            Http2Frame.Write(_output, type, block.IsEmpty ? flags | Http2FrameFlags.EndHeaders : flags, streamId, fragment);
            (type, flags) = (Http2FrameType.Continuation, Http2FrameFlags.None);
        }
        while (!block.IsEmpty);
    }

    private void ResetStream(int streamId, Http2ErrorCode error)
    {
        lock (_lock)
        {
            WriteRstStream(streamId, error);
            FlushLocked();
        }
        Forget(streamId);
    }

    /// <summary>
    /// Drops a stream reset by either side: its response is not sent, its call is cancelled, and a call still running
    /// keeps the stream's slot until it ends.
    /// </summary>
    private void Forget(int streamId)
    {
        GrpcServerStream? stream;
        lock (_lock)
        {
            if (!_streams.Remove(streamId, out stream))
            {
                return;
            }
            _blocked.Remove(stream);
            stream.ReleasePending();
            _abandonedCalls += stream.Running ? 1 : 0;
            CloseIfDrainedLocked();
        }
        stream.Aborted.Cancel();
        if (!stream.Dispatched)
        {
            stream.ReleaseBody();
        }
    }

    private void WriteRstStream(int streamId, Http2ErrorCode error)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)error);
        Http2Frame.Write(_output, Http2FrameType.RstStream, Http2FrameFlags.None, streamId, payload);
    }

    private void WriteGoAway(Http2ErrorCode error, string reason)
    {
        var debug = Encoding.UTF8.GetBytes(reason);
        var payload = new byte[8 + debug.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, _lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)error);
        debug.CopyTo(payload, 8);
        Http2Frame.Write(_output, Http2FrameType.GoAway, Http2FrameFlags.None, 0, payload);
    }

    private void FlushLocked()
    {
        if (_closed)
        {
            _output.ResetWrittenCount();
            return;
        }
        try
        {
            for (var sent = 0; sent < _output.WrittenCount;)
            {
                sent += _socket.Send(_output.WrittenSpan[sent..]);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _closed = true; // the reading thread sees the connection end and cleans up
        }
        _output.ResetWrittenCount();
        CloseIfDrainedLocked(); // only once the last response has been sent: a shutdown closes the socket next
    }

    private void CloseIfDrainedLocked()
    {
        if (_goingAway && _streams.Count == 0)
        {
            _drained.TrySetResult();
        }
    }

    private static byte[] HeaderBlock(Action<ArrayBufferWriter<byte>> write)
    {
        var block = new ArrayBufferWriter<byte>(64);
        write(block);
        return block.WrittenSpan.ToArray();
    }
}
