using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// One client's cleartext HTTP/2 connection, serving unary gRPC calls. A dedicated thread reads frames with blocking
/// receives and, when nothing else waits in the input, runs the call itself and writes its response: a search that
/// completes without waiting costs one wake-up of this thread and one send, where Kestrel hands a request from its socket
/// thread to a pool thread and the response to a writer task. Calls that wait, or that arrive while more input is
/// pending, complete on the thread pool, so one connection still serves many calls at once. Frames are written under one
/// lock; response data beyond the client's flow-control window waits until a WINDOW_UPDATE opens it.
/// </summary>
internal sealed class GrpcConnection
{
    /// <summary>The receive windows this side grants: per stream, and for the connection as a whole.</summary>
    private const int StreamWindow = 1 << 20;
    private const int ConnectionWindow = 4 << 20;

    /// <summary>Buffered output is sent once it passes this size, so a large response is not held in memory twice.</summary>
    private const int FlushThreshold = 256 * 1024;

    private static readonly byte[] ResponseHeaders = HeaderBlock(b =>
    {
        HpackEncoder.WriteIndexed(b, HpackStaticTable.Status200);
        HpackEncoder.WriteLiteral(b, HpackStaticTable.ContentType, GrpcFrame.ContentType);
        HpackEncoder.WriteLiteral(b, GrpcFrame.AcceptEncodingHeader, GrpcFrame.IdentityEncoding);
    });

    private static readonly byte[] OkTrailers = HeaderBlock(b => HpackEncoder.WriteLiteral(b, GrpcFrame.StatusHeader, "0"));

    private readonly Socket _socket;
    private readonly EndPoint? _remote;
    private readonly GrpcDispatcher _dispatcher;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly Http2FrameReader _input;
    private readonly HpackDecoder _decoder;
    private readonly ArrayBufferWriter<byte> _headerBlock = new(1024);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Guards everything below it: the streams, the output buffer, the socket's send side and the send windows.</summary>
    private readonly Lock _lock = new();
    private readonly Dictionary<int, GrpcServerStream> _streams = [];
    private readonly List<GrpcServerStream> _blocked = [];
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private long _connectionSendWindow = Http2Frame.DefaultWindowSize;
    private int _peerInitialWindow = Http2Frame.DefaultWindowSize;
    private int _peerMaxFrameSize = Http2Frame.DefaultMaxFrameSize;
    private bool _closed;
    private volatile bool _goingAway;

    // Read and written by the reading thread only.
    private int _headerStream;
    private bool _headerEndStream;
    private int _lastStreamId;
    private int _connectionUnacknowledged;
    private bool _settingsReceived;

    public GrpcConnection(Socket socket, GrpcDispatcher dispatcher, ILogger logger)
    {
        _socket = socket;
        _remote = socket.RemoteEndPoint;
        _dispatcher = dispatcher;
        _options = dispatcher.Options;
        _logger = logger;
        _input = new Http2FrameReader(socket, Http2Frame.DefaultMaxFrameSize);
        _decoder = new HpackDecoder(maxTableSize: 4096, _options.MaxHeaderListSize);
    }

    /// <summary>Completes when the connection has ended, or after a shutdown once no call is left in flight.</summary>
    public Task Drained => _drained.Task;

    /// <summary>Serves the connection until it ends; runs on the connection's own thread.</summary>
    public void Run()
    {
        try
        {
            switch (_input.ReadPreface())
            {
                case null:
                    return;
                case false:
                    RefuseNonHttp2();
                    return;
            }
            SendServerPreface();
            while (_input.TryRead(out var header, out var payload))
            {
                Process(header, payload.Span);
            }
        }
        catch (Http2ConnectionException e)
        {
            GoAway(e.ErrorCode, e.Message);
            ShutdownAndDrain();
        }
        catch (HpackException e)
        {
            GoAway(Http2ErrorCode.CompressionError, e.Message);
            ShutdownAndDrain();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            GrpcLog.ConnectionLost(_logger, _remote, e);
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Tells the client no new calls will be taken (GOAWAY); <see cref="Drained"/> completes when the calls in flight end.</summary>
    public void BeginShutdown()
    {
        lock (_lock)
        {
            if (_closed || _goingAway)
            {
                return;
            }
            _goingAway = true;
            WriteGoAway(Http2ErrorCode.NoError, "server shutting down");
            FlushLocked();
        }
    }

    /// <summary>Ends the connection now; calls in flight lose their responses.</summary>
    public void Abort() => _socket.Dispose();

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
            inFlight = _streams.Count;
        }
        if (_goingAway || inFlight >= _options.MaxConcurrentStreams)
        {
            ResetStream(id, Http2ErrorCode.RefusedStream);
            return;
        }
        var refusal = GrpcResult.Failure(GrpcStatusCode.ResourceExhausted,
            $"The request's header list exceeds Gateway:Grpc:MaxHeaderListSize ({_options.MaxHeaderListSize} bytes: names, values and 32 per field).");
        if (!fits || _dispatcher.Accept(headers, out refusal) is not { } method)
        {
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
        var stream = new GrpcServerStream(id, method, headers, _peerInitialWindow);
        lock (_lock)
        {
            _streams.Add(id, stream);
        }
        if (_headerEndStream)
        {
            Dispatch(stream);
        }
    }

    private void Dispatch(GrpcServerStream stream)
    {
        stream.Dispatched = true;
        if (_input.HasPendingInput)
        {
            // Other frames wait: run the call on the pool, so a long one does not hold up the rest of the connection.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Connection.Invoke(s.Stream), (Connection: this, Stream: stream), preferLocal: false);
            return;
        }
        Invoke(stream);
    }

    private void Invoke(GrpcServerStream stream)
    {
        var call = _dispatcher.InvokeAsync(stream.Method, stream.Body, stream.Headers, stream.Aborted.Token);
        if (call.IsCompletedSuccessfully)
        {
            Complete(stream, call.Result);
            return;
        }
        _ = CompleteWhenDoneAsync(stream, call);
    }

    private async Task CompleteWhenDoneAsync(GrpcServerStream stream, ValueTask<GrpcResult> call) =>
        Complete(stream, await call.ConfigureAwait(false));

    private void Complete(GrpcServerStream stream, GrpcResult result)
    {
        stream.ReleaseBody();
        lock (_lock)
        {
            if (_closed || !_streams.ContainsKey(stream.Id))
            {
                return; // reset by the client, or the connection ended: nobody reads the response
            }
            if (result.Response is null)
            {
                WriteResult(stream.Id, result);
                Finish(stream);
            }
            else
            {
                WriteResponse(stream, result);
            }
            FlushLocked();
        }
    }

    /// <summary>A call refused while its request still arrives (oversized, more than one message).</summary>
    private void AnswerEarly(GrpcServerStream stream, GrpcResult refusal)
    {
        stream.Dispatched = true;
        stream.ReleaseBody();
        lock (_lock)
        {
            WriteResult(stream.Id, refusal);
            WriteRstStream(stream.Id, Http2ErrorCode.NoError);
            Finish(stream);
            FlushLocked();
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
        GrpcServerStream? stream;
        lock (_lock)
        {
            if (!_streams.Remove(header.StreamId, out stream))
            {
                return;
            }
            if (_blocked.Remove(stream))
            {
                stream.ReleasePending();
            }
            CloseIfDrainedLocked();
        }
        stream.Aborted.Cancel();
        if (!stream.Dispatched)
        {
            stream.ReleaseBody();
        }
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
            WriteHeaders(stream.Id, OkTrailers, endStream: true);
            Finish(stream);
            return;
        }
        var framed = ArrayPool<byte>.Shared.Rent(length);
        GrpcFrame.WriteHeader(framed, (uint)result.ResponseSize);
        result.Response!.WriteTo(framed.AsSpan(GrpcFrame.HeaderLength, result.ResponseSize));
        stream.Hold(framed, length);
        if (SendPendingLocked(stream))
        {
            WriteHeaders(stream.Id, OkTrailers, endStream: true);
            Finish(stream);
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
            WriteHeaders(stream.Id, OkTrailers, endStream: true);
            Finish(stream);
        }
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
        GrpcServerStream? stream;
        lock (_lock)
        {
            WriteRstStream(streamId, error);
            FlushLocked();
            if (!_streams.Remove(streamId, out stream))
            {
                return;
            }
            _blocked.Remove(stream);
            stream.ReleasePending();
            CloseIfDrainedLocked();
        }
        stream.Aborted.Cancel();
    }

    private void WriteRstStream(int streamId, Http2ErrorCode error)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)error);
        Http2Frame.Write(_output, Http2FrameType.RstStream, Http2FrameFlags.None, streamId, payload);
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

    private void GoAway(Http2ErrorCode error, string reason)
    {
        GrpcLog.ConnectionError(_logger, _remote, error, reason);
        lock (_lock)
        {
            WriteGoAway(error, reason);
            FlushLocked();
        }
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

    /// <summary>An HTTP/1.x request on the gRPC port gets a readable refusal; anything else just loses the connection.</summary>
    private void RefuseNonHttp2()
    {
        var start = _input.Buffered;
        var space = start.IndexOf((byte)' ');
        if (space <= 0 || start[..space].ContainsAnyExceptInRange((byte)'A', (byte)'Z'))
        {
            GoAway(Http2ErrorCode.ProtocolError, "Invalid HTTP/2 connection preface.");
        }
        else
        {
            _socket.Send("HTTP/1.1 426 Upgrade Required\r\nUpgrade: h2c\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 45\r\n\r\nThis port serves gRPC over HTTP/2 (cleartext)"u8);
        }
        ShutdownAndDrain();
    }

    /// <summary>
    /// Closing a socket with input unread makes the kernel reset the connection, which can discard what was just sent
    /// (a GOAWAY, a 426): the send side is shut and the client's remaining bytes are read until it closes (2 s at most).
    /// </summary>
    private void ShutdownAndDrain()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            _socket.ReceiveTimeout = 2000;
            Span<byte> sink = stackalloc byte[4096];
            while (_socket.Receive(sink) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client reset the connection or kept it open past the wait: it is closed either way.
        }
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

    /// <summary>The connection has ended: calls in flight are cancelled and their responses dropped.</summary>
    private void Close()
    {
        GrpcServerStream[] streams;
        lock (_lock)
        {
            _closed = true;
            streams = [.. _streams.Values];
            _streams.Clear();
            foreach (var stream in _blocked)
            {
                stream.ReleasePending();
            }
            _blocked.Clear();
        }
        foreach (var stream in streams)
        {
            stream.Aborted.Cancel();
            if (!stream.Dispatched)
            {
                stream.ReleaseBody();
            }
        }
        _socket.Dispose();
        _drained.TrySetResult();
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

    private static byte[] HeaderBlock(Action<ArrayBufferWriter<byte>> write)
    {
        var block = new ArrayBufferWriter<byte>(64);
        write(block);
        return block.WrittenSpan.ToArray();
    }
}
