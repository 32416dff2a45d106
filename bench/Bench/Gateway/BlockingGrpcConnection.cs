using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Bench.Gateway;

/// <summary>
/// One cleartext HTTP/2 connection that makes unary gRPC calls one at a time on the calling thread, as a blocking SDK
/// stub does (pymilvus over grpcio waits on its completion queue): the request's HEADERS and DATA frames leave in one
/// send, and the caller reads the response frames from the socket itself, so no other thread takes part on the client
/// side. It keeps HTTP/2's rules a server relies on: the preface and settings exchange, settings and pings
/// acknowledged, flow control both ways (large inserts wait for the server's window), HPACK state kept in step.
/// Not thread-safe: <see cref="BlockingGrpcClient"/> gives each concurrent caller a connection of its own.
/// </summary>
internal sealed class BlockingGrpcConnection : IDisposable
{
    private const int HeaderTableSize = 4_096;
    private const int MaxHeaderListSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly string _authority;
    private readonly Http2FrameReader _input;
    private readonly HpackDecoder _decoder = new(HeaderTableSize, MaxHeaderListSize);
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly Dictionary<string, byte[]> _headerBlocks = new(StringComparer.Ordinal);
    private readonly List<HpackHeaderField> _responseHeaders = [];
    private readonly ArrayBufferWriter<byte> _body = new(4 * 1024);
    private readonly ArrayBufferWriter<byte> _headerBlock = new(1024);
    private int _nextStreamId = 1;
    private long _connectionSendWindow = Http2Frame.DefaultWindowSize;
    private int _peerInitialWindow = Http2Frame.DefaultWindowSize;
    private int _peerMaxFrameSize = Http2Frame.DefaultMaxFrameSize;
    private long _receivedSinceWindowUpdate;
    private int _activeStream;
    private long _streamSendWindow;
    private bool _headersEndStream;

    public BlockingGrpcConnection(Uri address)
    {
        _authority = $"{address.Host}:{address.Port}";
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(IPAddress.Parse(address.Host), address.Port);
        _input = new Http2FrameReader(_socket, Http2Frame.DefaultMaxFrameSize);
        _output.Write(Http2Frame.ClientPreface);
        Span<byte> settings = stackalloc byte[12];
        Http2Frame.WriteSetting(settings, Http2Setting.EnablePush, 0);
        Http2Frame.WriteSetting(settings[6..], Http2Setting.InitialWindowSize, Http2Frame.MaxWindowSize);
        Http2Frame.Write(_output, Http2FrameType.Settings, Http2FrameFlags.None, 0, settings);
        Http2Frame.WriteWindowUpdate(_output, 0, Http2Frame.MaxWindowSize - Http2Frame.DefaultWindowSize);
        Flush();
    }

    /// <summary>Makes one unary call and returns its response message.</summary>
    /// <exception cref="InvalidOperationException">The call ended with a grpc-status other than 0.</exception>
    /// <exception cref="IOException">The server closed the connection, reset the stream or broke the protocol.</exception>
    public TResponse Call<TResponse>(string path, IMessage request, MessageParser<TResponse> parser) where TResponse : IMessage<TResponse>
    {
        var message = GrpcFrame.ToArray(request);
        _activeStream = _nextStreamId;
        _nextStreamId += 2;
        _streamSendWindow = _peerInitialWindow;
        _responseHeaders.Clear();
        _body.ResetWrittenCount();
        Http2Frame.Write(_output, Http2FrameType.Headers, Http2FrameFlags.EndHeaders, _activeStream, HeaderBlock(path));
        var ended = false;
        for (var sent = 0; sent < message.Length && !ended;)
        {
            var chunk = (int)Math.Min(Math.Min(message.Length - sent, _peerMaxFrameSize), Math.Min(_connectionSendWindow, _streamSendWindow));
            if (chunk <= 0)
            {
                Flush();
                ended = ProcessNextFrame(); // waits for the server to open its window, or to refuse the call early
                continue;
            }
            var flags = sent + chunk == message.Length ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
            Http2Frame.Write(_output, Http2FrameType.Data, flags, _activeStream, message.AsSpan(sent, chunk));
            sent += chunk;
            _connectionSendWindow -= chunk;
            _streamSendWindow -= chunk;
        }
        Flush();
        while (!ended)
        {
            ended = ProcessNextFrame();
        }
        var status = Header(GrpcFrame.StatusHeader);
        if (status != "0")
        {
            var reason = Header(GrpcFrame.MessageHeader) is { } text ? Uri.UnescapeDataString(text) : "";
            throw new InvalidOperationException($"{path} ended with grpc-status {status ?? "missing"} (HTTP {Header(":status")}): {reason}");
        }
        return GrpcFrame.ParseSingle(parser, _body.WrittenSpan);
    }

    public void Dispose() => _socket.Dispose();

    private string? Header(string name)
    {
        foreach (var (fieldName, value) in _responseHeaders)
        {
            if (fieldName == name)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>The request's HPACK block, built once per method: nothing is indexed, so it never depends on the connection's state.</summary>
    private byte[] HeaderBlock(string path)
    {
        if (_headerBlocks.TryGetValue(path, out var block))
        {
            return block;
        }
        var encoded = new ArrayBufferWriter<byte>(128);
        HpackEncoder.WriteIndexed(encoded, HpackStaticTable.MethodPost);
        HpackEncoder.WriteIndexed(encoded, HpackStaticTable.SchemeHttp);
        HpackEncoder.WriteLiteral(encoded, HpackStaticTable.Path, path);
        HpackEncoder.WriteLiteral(encoded, HpackStaticTable.Authority, _authority);
        HpackEncoder.WriteLiteral(encoded, HpackStaticTable.ContentType, GrpcFrame.ContentType);
        HpackEncoder.WriteLiteral(encoded, "te", "trailers");
        return _headerBlocks[path] = encoded.WrittenSpan.ToArray();
    }

    /// <summary>Reads and handles one frame; true when it ended the active stream's response.</summary>
    private bool ProcessNextFrame()
    {
        if (!_input.TryRead(out var frame, out var memory))
        {
            throw new IOException("The server closed the connection in the middle of a call.");
        }
        var payload = memory.Span;
        switch (frame.Type)
        {
            case Http2FrameType.Data:
                AcknowledgeReceived(payload.Length);
                if (frame.StreamId == _activeStream)
                {
                    _body.Write(Http2Frame.Unpad(frame.Flags, payload));
                }
                return frame.StreamId == _activeStream && frame.Has(Http2FrameFlags.EndStream);
            case Http2FrameType.Headers:
            case Http2FrameType.Continuation:
                if (frame.Type == Http2FrameType.Headers)
                {
                    _headerBlock.ResetWrittenCount();
                    payload = Http2Frame.Unpad(frame.Flags, payload);
                    payload = frame.Has(Http2FrameFlags.Priority) ? payload[5..] : payload;
                    _headersEndStream = frame.Has(Http2FrameFlags.EndStream);
                }
                _headerBlock.Write(payload);
                if (!frame.Has(Http2FrameFlags.EndHeaders))
                {
                    return false;
                }
                // Every block is decoded, whichever stream it belongs to, to keep the HPACK table in step with the server's.
                if (!_decoder.Decode(_headerBlock.WrittenSpan, _responseHeaders))
                {
                    throw new IOException($"The server's response headers exceed {MaxHeaderListSize} bytes.");
                }
                return frame.StreamId == _activeStream && _headersEndStream;
            case Http2FrameType.Settings:
                if (!frame.Has(Http2FrameFlags.Ack))
                {
                    ApplySettings(payload);
                    Http2Frame.Write(_output, Http2FrameType.Settings, Http2FrameFlags.Ack, 0, []);
                    Flush();
                }
                return false;
            case Http2FrameType.Ping:
                if (!frame.Has(Http2FrameFlags.Ack))
                {
                    Http2Frame.Write(_output, Http2FrameType.Ping, Http2FrameFlags.Ack, 0, payload);
                    Flush();
                }
                return false;
            case Http2FrameType.WindowUpdate:
                var increment = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
                if (frame.StreamId == 0)
                {
                    _connectionSendWindow += increment;
                }
                else if (frame.StreamId == _activeStream)
                {
                    _streamSendWindow += increment;
                }
                return false;
            case Http2FrameType.RstStream when frame.StreamId == _activeStream:
                throw new IOException($"The server reset stream {frame.StreamId} with HTTP/2 error {(Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload)}.");
            case Http2FrameType.GoAway:
                throw new IOException($"The server closed the connection (GOAWAY, HTTP/2 error {(Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload[4..])}).");
            default:
                return false; // PRIORITY, a reset of a finished stream, unknown types: nothing to do
        }
    }

    private void ApplySettings(ReadOnlySpan<byte> payload)
    {
        for (var at = 0; at + 6 <= payload.Length; at += 6)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(at + 2)..]);
            switch ((Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(payload[at..]))
            {
                case Http2Setting.InitialWindowSize:
                    _streamSendWindow += (int)value - _peerInitialWindow; // applies to the open stream too (RFC 9113 6.9.2)
                    _peerInitialWindow = (int)value;
                    break;
                case Http2Setting.MaxFrameSize:
                    _peerMaxFrameSize = (int)value;
                    break;
            }
        }
    }

    /// <summary>Keeps the connection's receive window open: the stream windows are the largest HTTP/2 allows.</summary>
    private void AcknowledgeReceived(int length)
    {
        _receivedSinceWindowUpdate += length;
        if (_receivedSinceWindowUpdate < Http2Frame.MaxWindowSize / 2)
        {
            return;
        }
        Http2Frame.WriteWindowUpdate(_output, 0, (int)_receivedSinceWindowUpdate);
        Flush();
        _receivedSinceWindowUpdate = 0;
    }

    private void Flush()
    {
        for (var sent = 0; sent < _output.WrittenCount;)
        {
            sent += _socket.Send(_output.WrittenSpan[sent..]);
        }
        _output.ResetWrittenCount();
    }
}
