using System.Buffers;
using System.Buffers.Binary;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>The frames a client sends, read and checked on the connection's thread.</summary>
internal sealed partial class GrpcConnection
{
    private void Process(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (_headerStream != 0 && (header.Type != Http2FrameType.Continuation || header.StreamId != _headerStream))
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError,
                $"A {header.Type} frame arrived where the CONTINUATION of stream {_headerStream}'s header block must.");
        }
        if (_headerStream == 0 && header.Type == Http2FrameType.Continuation)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"A CONTINUATION on stream {header.StreamId} follows no HEADERS.");
        }
        if (!_settingsReceived && header.Type != Http2FrameType.Settings)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"The client's first frame is {header.Type}; it must be SETTINGS.");
        }
        switch (header.Type)
        {
            case Http2FrameType.Data:
                OnData(header, payload);
                break;
            case Http2FrameType.Headers:
                OnHeaders(header, payload);
                break;
            case Http2FrameType.Continuation:
                AppendHeaderBlock(header, payload);
                break;
            case Http2FrameType.Priority:
                RequireStream(header);
                RequireLength(header, payload, 5);
                break;
            case Http2FrameType.RstStream:
                OnRstStream(header, payload);
                break;
            case Http2FrameType.Settings:
                OnSettings(header, payload);
                break;
            case Http2FrameType.Ping:
                OnPing(header, payload);
                break;
            case Http2FrameType.GoAway:
                RequireConnection(header);
                break; // the client opens no more streams; the ones in flight still get their responses
            case Http2FrameType.WindowUpdate:
                OnWindowUpdate(header, payload);
                break;
            case Http2FrameType.PushPromise:
                throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "A client cannot send PUSH_PROMISE.");
            default:
                break; // unknown frame types are ignored (RFC 9113 section 4.1)
        }
    }

    private void OnData(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RequireStream(header);
        var data = Http2Frame.Unpad(header.Flags, payload);
        AcknowledgeConnection(payload.Length);
        GrpcServerStream? stream;
        lock (_lock)
        {
            _streams.TryGetValue(header.StreamId, out stream);
        }
        if (stream is null || stream.Dispatched)
        {
            if (header.StreamId > _lastStreamId)
            {
                throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"DATA on stream {header.StreamId}, which was never opened.");
            }
            if (stream is not null)
            {
                ResetStream(stream.Id, Http2ErrorCode.StreamClosed); // data after the request ended
            }
            return; // a call already answered or reset: the rest of its request is dropped
        }
        if (stream.Append(data, _options.MaxReceiveMessageSize) is { } problem)
        {
            AnswerEarly(stream, _dispatcher.Refuse(stream.Method, problem));
        }
        else if (header.Has(Http2FrameFlags.EndStream))
        {
            Dispatch(stream);
        }
        else
        {
            AcknowledgeStream(stream, payload.Length);
        }
    }

    private void OnHeaders(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RequireStream(header);
        if (header.StreamId % 2 == 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"A client opened stream {header.StreamId}; client streams are odd.");
        }
        var block = Http2Frame.Unpad(header.Flags, payload);
        if (header.Has(Http2FrameFlags.Priority))
        {
            block = block.Length >= 5 ? block[5..]
                : throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "A HEADERS frame is too short for its priority fields.");
        }
        _headerBlock.ResetWrittenCount();
        _headerStream = header.StreamId;
        _headerEndStream = header.Has(Http2FrameFlags.EndStream);
        AppendHeaderBlock(header, block);
    }

    private void AppendHeaderBlock(Http2FrameHeader header, ReadOnlySpan<byte> fragment)
    {
        if (_headerBlock.WrittenCount + fragment.Length > 2 * _options.MaxHeaderListSize)
        {
            throw new Http2ConnectionException(Http2ErrorCode.EnhanceYourCalm,
                $"The header block of stream {_headerStream} exceeds {2 * _options.MaxHeaderListSize} bytes.");
        }
        _headerBlock.Write(fragment);
        if (header.Has(Http2FrameFlags.EndHeaders))
        {
            var id = _headerStream;
            _headerStream = 0;
            OnHeaderBlock(id);
        }
    }

    private void OnHeaderBlock(int id)
    {
        var headers = new List<HpackHeaderField>(12);
        // Every block is decoded, even a refused one's: the table must stay in step with the client's.
        var fits = _decoder.Decode(_headerBlock.WrittenSpan, headers);
        GrpcServerStream? open;
        lock (_lock)
        {
            _streams.TryGetValue(id, out open);
        }
        if (open is not null)
        {
            // Trailers ending a request: gRPC clients send none, but they are allowed.
            if (open.Dispatched || !_headerEndStream || !fits)
            {
                ResetStream(id, open.Dispatched ? Http2ErrorCode.StreamClosed : fits ? Http2ErrorCode.ProtocolError : Http2ErrorCode.RefusedStream);
                return;
            }
            Dispatch(open);
            return;
        }
        if (id <= _lastStreamId)
        {
            // Client stream ids only grow (RFC 9113 5.1.1): a lower or reused id is not a new stream.
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError,
                $"HEADERS open stream {id}, but stream {_lastStreamId} was already opened; stream ids must increase.");
        }
        _lastStreamId = id;
        int inFlight;
        lock (_lock)
        {
            inFlight = _streams.Count + _abandonedCalls;
        }
        if (_goingAway || inFlight >= _options.MaxConcurrentStreams)
        {
            ResetStream(id, Http2ErrorCode.RefusedStream);
            return;
        }
        long contentLength = -1;
        if (fits && Http2RequestHeaders.FindProblem(headers, out contentLength) is { } malformed)
        {
            GrpcLog.MalformedRequest(_logger, _remote, id, malformed);
            ResetStream(id, Http2ErrorCode.ProtocolError);
            return;
        }
        GrpcResult refusal = default;
        if ((fits ? _dispatcher.Accept(headers, out refusal) : null) is not { } method)
        {
            if (!fits)
            {
                refusal = GrpcResult.Failure(GrpcStatusCode.ResourceExhausted,
                    $"The request's header list exceeds Gateway:Grpc:MaxHeaderListSize ({_options.MaxHeaderListSize} bytes: names, values and 32 per field).");
            }
            lock (_lock)
            {
                WriteResult(id, refusal);
                if (!_headerEndStream)
                {
                    WriteRstStream(id, Http2ErrorCode.NoError); // answered: the client may stop sending (RFC 9113 8.1)
                }
                FlushLocked();
            }
            return;
        }
        var stream = new GrpcServerStream(id, method, headers, _peerInitialWindow) { ContentLength = contentLength };
        lock (_lock)
        {
            _streams.Add(id, stream);
            _multiplexed |= _streams.Count > 1;
        }
        if (_headerEndStream)
        {
            Dispatch(stream);
        }
    }

    private void OnRstStream(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RequireStream(header);
        RequireLength(header, payload, 4);
        if (header.StreamId > _lastStreamId)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"RST_STREAM on stream {header.StreamId}, which was never opened.");
        }
        Forget(header.StreamId);
    }

    private void OnSettings(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RequireConnection(header);
        if (header.Has(Http2FrameFlags.Ack))
        {
            RequireLength(header, payload, 0);
            return;
        }
        if (payload.Length % 6 != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"A SETTINGS frame of {payload.Length} bytes; each setting takes 6.");
        }
        _settingsReceived = true;
        lock (_lock)
        {
            for (var at = 0; at < payload.Length; at += 6)
            {
                var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(at + 2)..]);
                switch ((Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(payload[at..]))
                {
                    case Http2Setting.EnablePush when value > 1:
                        throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"SETTINGS_ENABLE_PUSH is {value}; it must be 0 or 1.");
                    case Http2Setting.InitialWindowSize when value > Http2Frame.MaxWindowSize:
                        throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE {value} exceeds 2^31-1.");
                    case Http2Setting.InitialWindowSize:
                        // A new initial window changes the window of every open stream by the difference (RFC 9113 6.9.2).
                        foreach (var stream in _streams.Values)
                        {
                            stream.SendWindow += (int)value - _peerInitialWindow;
                            if (stream.SendWindow > Http2Frame.MaxWindowSize)
                            {
                                throw new Http2ConnectionException(Http2ErrorCode.FlowControlError,
                                    $"SETTINGS_INITIAL_WINDOW_SIZE {value} takes stream {stream.Id}'s send window beyond 2^31-1.");
                            }
                        }
                        _peerInitialWindow = (int)value;
                        break;
                    case Http2Setting.MaxFrameSize when value is < Http2Frame.DefaultMaxFrameSize or > Http2Frame.MaxAllowedFrameSize:
                        throw new Http2ConnectionException(Http2ErrorCode.ProtocolError,
                            $"SETTINGS_MAX_FRAME_SIZE {value} is outside {Http2Frame.DefaultMaxFrameSize}..{Http2Frame.MaxAllowedFrameSize}.");
                    case Http2Setting.MaxFrameSize:
                        _peerMaxFrameSize = (int)value;
                        break;
                }
            }
            Http2Frame.Write(_output, Http2FrameType.Settings, Http2FrameFlags.Ack, 0, []);
            ResumeBlockedLocked();
            FlushLocked();
        }
    }

    private void OnPing(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RequireConnection(header);
        RequireLength(header, payload, 8);
        if (header.Has(Http2FrameFlags.Ack))
        {
            return;
        }
        lock (_lock)
        {
            Http2Frame.Write(_output, Http2FrameType.Ping, Http2FrameFlags.Ack, 0, payload);
            FlushLocked();
        }
    }

    private void OnWindowUpdate(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        RequireLength(header, payload, 4);
        var increment = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
        if (increment == 0)
        {
            if (header.StreamId == 0)
            {
                throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, "A WINDOW_UPDATE of 0 for the connection.");
            }
            ResetStream(header.StreamId, Http2ErrorCode.ProtocolError);
            return;
        }
        var overflowed = 0;
        lock (_lock)
        {
            if (header.StreamId == 0)
            {
                _connectionSendWindow += increment;
                if (_connectionSendWindow > Http2Frame.MaxWindowSize)
                {
                    throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, "The connection's send window exceeds 2^31-1.");
                }
            }
            else if (_streams.TryGetValue(header.StreamId, out var stream))
            {
                stream.SendWindow += increment;
                if (stream.SendWindow > Http2Frame.MaxWindowSize)
                {
                    overflowed = stream.Id;
                }
            }
            ResumeBlockedLocked();
            FlushLocked();
        }
        if (overflowed != 0)
        {
            ResetStream(overflowed, Http2ErrorCode.FlowControlError);
        }
    }

    private void SendServerPreface()
    {
        Span<byte> settings = stackalloc byte[18];
        Http2Frame.WriteSetting(settings, Http2Setting.MaxConcurrentStreams, (uint)_options.MaxConcurrentStreams);
        Http2Frame.WriteSetting(settings[6..], Http2Setting.InitialWindowSize, StreamWindow);
        Http2Frame.WriteSetting(settings[12..], Http2Setting.MaxHeaderListSize, (uint)_options.MaxHeaderListSize);
        lock (_lock)
        {
            Http2Frame.Write(_output, Http2FrameType.Settings, Http2FrameFlags.None, 0, settings);
            Http2Frame.WriteWindowUpdate(_output, 0, ConnectionWindow - Http2Frame.DefaultWindowSize);
            FlushLocked();
        }
    }

    private void AcknowledgeConnection(int length)
    {
        _connectionUnacknowledged += length;
        if (_connectionUnacknowledged < ConnectionWindow / 2)
        {
            return;
        }
        lock (_lock)
        {
            Http2Frame.WriteWindowUpdate(_output, 0, _connectionUnacknowledged);
            FlushLocked();
        }
        _connectionUnacknowledged = 0;
    }

    private void AcknowledgeStream(GrpcServerStream stream, int length)
    {
        stream.Unacknowledged += length;
        if (stream.Unacknowledged < StreamWindow / 2)
        {
            return;
        }
        lock (_lock)
        {
            Http2Frame.WriteWindowUpdate(_output, stream.Id, stream.Unacknowledged);
            FlushLocked();
        }
        stream.Unacknowledged = 0;
    }

    private static void RequireStream(Http2FrameHeader header)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"A {header.Type} frame on stream 0; it belongs to a stream.");
        }
    }

    private static void RequireConnection(Http2FrameHeader header)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"A {header.Type} frame on stream {header.StreamId}; it belongs to the connection.");
        }
    }

    private static void RequireLength(Http2FrameHeader header, ReadOnlySpan<byte> payload, int length)
    {
        if (payload.Length != length)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"A {header.Type} frame of {payload.Length} bytes; it must have {length}.");
        }
    }
}
