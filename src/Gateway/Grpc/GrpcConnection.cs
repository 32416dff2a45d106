using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// One client's cleartext HTTP/2 connection, serving unary gRPC calls. A dedicated thread reads frames with blocking
/// receives and, when the client waits for one call alone, runs the call itself and writes its response: a search that
/// completes without waiting costs one wake-up of this thread and one send, where Kestrel hands a request from its socket
/// thread to a pool thread and the response to a writer task. Calls that wait, and every call of a client that
/// multiplexes, complete on the thread pool, so one connection still serves many calls at once. Frames are written under
/// one lock; response data beyond the client's flow-control window waits until a WINDOW_UPDATE opens it.
/// </summary>
internal sealed partial class GrpcConnection
{
    /// <summary>The receive windows this side grants: per stream, and for the connection as a whole.</summary>
    private const int StreamWindow = 1 << 20;
    private const int ConnectionWindow = 4 << 20;

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

    /// <summary>Calls still running after the client reset their streams: they hold their stream slots until they end, so
    /// opening and resetting streams in a loop cannot start unbounded work (the HTTP/2 "rapid reset" attack).</summary>
    private int _abandonedCalls;

    /// <summary>Set once two calls were in flight together: the client multiplexes, so no call runs on the reading thread.</summary>
    private bool _multiplexed;

    /// <summary>GOAWAY sent on shutdown: new streams are refused.</summary>
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
        _input.ReceiveTimeout = _options.HandshakeTimeout;
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
            _input.ReceiveTimeout = _options.IdleTimeout;
            SendServerPreface();
            while (ReadFrame(out var header, out var payload))
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
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or TimeoutException)
        {
            GrpcLog.ConnectionLost(_logger, _remote, e); // gone, or no preface within the handshake timeout
        }
        catch (Exception e)
        {
            GrpcLog.ConnectionFailed(_logger, _remote, e); // a bug of ours: this connection ends, the server goes on
        }
        finally
        {
            Close();
        }
    }

    /// <summary>The next frame; false when the client closed the connection, or left it idle past the idle timeout (told with GOAWAY).</summary>
    private bool ReadFrame(out Http2FrameHeader header, out ReadOnlyMemory<byte> payload)
    {
        while (true)
        {
            try
            {
                return _input.TryRead(out header, out payload);
            }
            catch (TimeoutException)
            {
                lock (_lock)
                {
                    if (_streams.Count + _abandonedCalls > 0)
                    {
                        continue; // a long call (a flush, a load) is no reason to close: keep waiting
                    }
                }
                GoAway(Http2ErrorCode.NoError, $"The connection was idle for {_options.IdleTimeout}.");
                ShutdownAndDrain();
                (header, payload) = (default, default);
                return false;
            }
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

    /// <summary>
    /// Runs the call on this thread when the client waits for it alone (nothing else in flight or in the input, and
    /// never two calls at once on this connection so far), as a synchronous client does; otherwise on the pool, so a
    /// long call does not hold up the reading of a multiplexing client's other calls.
    /// </summary>
    private void Dispatch(GrpcServerStream stream)
    {
        stream.Dispatched = true;
        if (stream.ContentLength >= 0 && stream.ContentLength != stream.Body.Length)
        {
            GrpcLog.MalformedRequest(_logger, _remote, stream.Id, $"content-length {stream.ContentLength} but a body of {stream.Body.Length} bytes");
            stream.ReleaseBody();
            ResetStream(stream.Id, Http2ErrorCode.ProtocolError);
            return;
        }
        int inFlight;
        lock (_lock)
        {
            stream.Running = true;
            inFlight = _streams.Count;
        }
        if (_multiplexed || inFlight > 1 || _input.HasPendingInput)
        {
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
            CompleteOrAbort(stream, call.Result);
            return;
        }
        _ = CompleteWhenDoneAsync(stream, call);
    }

    private async Task CompleteWhenDoneAsync(GrpcServerStream stream, ValueTask<GrpcResult> call) =>
        CompleteOrAbort(stream, await call.ConfigureAwait(false));

    /// <summary>The dispatcher turns every failure into a status; a failure writing the response is a bug of ours, and
    /// as the output may hold half a frame then, the connection ends (on the pool an escaped exception would end the process).</summary>
    private void CompleteOrAbort(GrpcServerStream stream, GrpcResult result)
    {
        try
        {
            Complete(stream, result);
        }
        catch (Exception e)
        {
            GrpcLog.ConnectionFailed(_logger, _remote, e);
            Abort();
        }
    }

    private void Complete(GrpcServerStream stream, GrpcResult result)
    {
        stream.ReleaseBody();
        lock (_lock)
        {
            stream.Running = false;
            if (_closed || !_streams.ContainsKey(stream.Id))
            {
                _abandonedCalls -= _closed ? 0 : 1;
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

    private void GoAway(Http2ErrorCode error, string reason)
    {
        GrpcLog.ConnectionError(_logger, _remote, error, reason);
        lock (_lock)
        {
            WriteGoAway(error, reason);
            FlushLocked();
        }
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
}
