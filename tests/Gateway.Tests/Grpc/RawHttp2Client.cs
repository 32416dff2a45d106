using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// An HTTP/2 client driven frame by frame, for tests that must send what a well-behaved client never would. It writes
/// exactly the frames a test asks for and hands back every frame received, using the server's own frame and HPACK code.
/// Every receive waits at most <see cref="ReceiveTimeout"/>, so a server that stays silent fails the test instead of
/// hanging it.
/// </summary>
internal sealed class RawHttp2Client : IDisposable
{
    public static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly Http2FrameReader _reader;
    private readonly HpackDecoder _decoder = new(maxTableSize: 4096, maxHeaderListSize: 1 << 20);
    private readonly ArrayBufferWriter<byte> _output = new();

    // The header block being received (HEADERS, then CONTINUATION until END_HEADERS) and the last PING acknowledged.
    private readonly ArrayBufferWriter<byte> _block = new();
    private bool _blockEndsStream;
    private byte[] _lastPingAck = [];
    private long _pings;

    // What the server lets this client send: the connection window and each stream's (RFC 9113 6.9).
    private long _connectionSendWindow = Http2Frame.DefaultWindowSize;
    private readonly Dictionary<int, long> _streamSendWindows = [];

    private RawHttp2Client(Socket socket)
    {
        _socket = socket;
        // The largest frame HTTP/2 allows: the tests check the server's frame sizes themselves.
        _reader = new Http2FrameReader(socket, Http2Frame.MaxAllowedFrameSize);
    }

    /// <summary>The largest payload of any frame received so far.</summary>
    public int LargestFrameReceived { get; private set; }

    /// <summary>The parameters of the server's SETTINGS frame, once <see cref="Handshake"/> has returned.</summary>
    public Dictionary<Http2Setting, uint> ServerSettings { get; } = [];

    /// <exception cref="SocketException">The server refuses the connection.</exception>
    public static RawHttp2Client Connect(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = (int)ReceiveTimeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(server);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RawHttp2Client(socket);
    }

    /// <summary>A connection that has completed the <see cref="Handshake"/> with <paramref name="settings"/>.</summary>
    public static RawHttp2Client Open(IPEndPoint server, params (Http2Setting Setting, uint Value)[] settings)
    {
        var client = Connect(server);
        try
        {
            client.Handshake(settings);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends the preface and a SETTINGS frame with <paramref name="settings"/>, reads the server's SETTINGS (recorded in
    /// <see cref="ServerSettings"/>) and acknowledges it, and returns once the server has acknowledged ours.
    /// </summary>
    public void Handshake(params (Http2Setting Setting, uint Value)[] settings)
    {
        SendRaw(Http2Frame.ClientPreface);
        SendSettings(settings);
        var acknowledged = false;
        var received = false;
        while (!acknowledged || !received)
        {
            var frame = Read();
            Assert.True(frame.Type is Http2FrameType.Settings or Http2FrameType.WindowUpdate && frame.StreamId == 0,
                $"The server sent {frame} during the handshake.");
            if (frame.Type == Http2FrameType.WindowUpdate)
            {
                _connectionSendWindow += Increment(frame);
                continue;
            }
            if (frame.Has(Http2FrameFlags.Ack))
            {
                acknowledged = true;
                continue;
            }
            Assert.False(received, "The server sent a second SETTINGS frame during the handshake.");
            received = true;
            for (var at = 0; at < frame.Payload.Length; at += 6)
            {
                ServerSettings[(Http2Setting)BinaryPrimitives.ReadUInt16BigEndian(frame.Payload.AsSpan(at))] =
                    BinaryPrimitives.ReadUInt32BigEndian(frame.Payload.AsSpan(at + 2));
            }
            Send(Http2FrameType.Settings, Http2FrameFlags.Ack, 0, []);
        }
    }

    /// <summary>The header block of a gRPC call to <paramref name="path"/>, as grpc-js sends it (without Huffman coding).</summary>
    public static byte[] RequestHeaders(string path)
    {
        var block = new ArrayBufferWriter<byte>(256);
        HpackEncoder.WriteIndexed(block, HpackStaticTable.MethodPost);
        HpackEncoder.WriteIndexed(block, HpackStaticTable.SchemeHttp);
        HpackEncoder.WriteLiteral(block, HpackStaticTable.Path, path);
        HpackEncoder.WriteLiteral(block, HpackStaticTable.Authority, "localhost");
        HpackEncoder.WriteLiteral(block, HpackStaticTable.ContentType, GrpcFrame.ContentType);
        HpackEncoder.WriteLiteral(block, "te", "trailers");
        return block.WrittenSpan.ToArray();
    }

    public void SendRaw(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    public void Send(Http2FrameType type, Http2FrameFlags flags, int streamId, ReadOnlySpan<byte> payload)
    {
        Http2Frame.Write(_output, type, flags, streamId, payload);
        SendRaw(_output.WrittenSpan);
        _output.ResetWrittenCount();
    }

    public void SendSettings(params (Http2Setting Setting, uint Value)[] settings)
    {
        var payload = new byte[6 * settings.Length];
        for (var i = 0; i < settings.Length; i++)
        {
            Http2Frame.WriteSetting(payload.AsSpan(6 * i), settings[i].Setting, settings[i].Value);
        }
        Send(Http2FrameType.Settings, Http2FrameFlags.None, 0, payload);
    }

    /// <summary>A header block as HEADERS, and CONTINUATION frames for what exceeds the default frame size.</summary>
    public void SendHeaders(int streamId, ReadOnlySpan<byte> block, bool endStream)
    {
        var type = Http2FrameType.Headers;
        var flags = endStream ? Http2FrameFlags.EndStream : Http2FrameFlags.None;
        do
        {
            var fragment = block[..Math.Min(block.Length, Http2Frame.DefaultMaxFrameSize)];
            block = block[fragment.Length..];
            Send(type, block.IsEmpty ? flags | Http2FrameFlags.EndHeaders : flags, streamId, fragment);
            (type, flags) = (Http2FrameType.Continuation, Http2FrameFlags.None);
        }
        while (!block.IsEmpty);
    }

    /// <summary>DATA frames of at most the default frame size carrying <paramref name="data"/>; END_STREAM on the last one when asked.</summary>
    public void SendData(int streamId, ReadOnlySpan<byte> data, bool endStream)
    {
        do
        {
            var chunk = data[..Math.Min(data.Length, Http2Frame.DefaultMaxFrameSize)];
            data = data[chunk.Length..];
            Send(Http2FrameType.Data, endStream && data.IsEmpty ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId, chunk);
        }
        while (!data.IsEmpty);
    }

    /// <summary>
    /// DATA frames carrying <paramref name="data"/> and ending the stream, sent only as far as the server's windows allow:
    /// while they are closed, frames are read into <paramref name="responses"/> until a WINDOW_UPDATE opens them.
    /// </summary>
    public void SendDataWithinWindows(int streamId, byte[] data, Dictionary<int, RawResponse> responses)
    {
        var initial = ServerSettings.TryGetValue(Http2Setting.InitialWindowSize, out var value) ? value : Http2Frame.DefaultWindowSize;
        _streamSendWindows.TryAdd(streamId, initial);
        for (var sent = 0; sent < data.Length;)
        {
            var chunk = (int)Math.Min(Math.Min(data.Length - sent, Http2Frame.DefaultMaxFrameSize), Math.Min(_connectionSendWindow, _streamSendWindows[streamId]));
            if (chunk <= 0)
            {
                ReadInto(responses, () => _connectionSendWindow > 0 && _streamSendWindows[streamId] > 0);
                continue;
            }
            Send(Http2FrameType.Data, sent + chunk == data.Length ? Http2FrameFlags.EndStream : Http2FrameFlags.None, streamId, data.AsSpan(sent, chunk));
            sent += chunk;
            _connectionSendWindow -= chunk;
            _streamSendWindows[streamId] -= chunk;
        }
    }

    /// <summary>A whole unary call: its headers, then its body ending the stream.</summary>
    public void SendCall(int streamId, string path, ReadOnlySpan<byte> body)
    {
        SendHeaders(streamId, RequestHeaders(path), endStream: false);
        SendData(streamId, body, endStream: true);
    }

    public void SendWindowUpdate(int streamId, int increment)
    {
        Http2Frame.WriteWindowUpdate(_output, streamId, increment);
        SendRaw(_output.WrittenSpan);
        _output.ResetWrittenCount();
    }

    public void SendRstStream(int streamId, Http2ErrorCode error)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)error);
        Send(Http2FrameType.RstStream, Http2FrameFlags.None, streamId, payload);
    }

    /// <summary>The next frame; fails the test when the connection ends or nothing arrives in time.</summary>
    public ReceivedFrame Read() => ReadOrEnd() ?? throw new Xunit.Sdk.XunitException("The server closed the connection.");

    /// <summary>The next frame, or null when the server closed (or reset) the connection.</summary>
    public ReceivedFrame? ReadOrEnd()
    {
        try
        {
            if (!_reader.TryRead(out var header, out var payload))
            {
                return null;
            }
            LargestFrameReceived = Math.Max(LargestFrameReceived, payload.Length);
            return new ReceivedFrame(header, payload.ToArray());
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            throw new Xunit.Sdk.XunitException($"No frame arrived within {ReceiveTimeout.TotalSeconds} s.");
        }
    }

    /// <summary>The bytes the server sends until it closes the connection (for what is not HTTP/2 at all).</summary>
    public byte[] ReadToEnd()
    {
        using var received = new MemoryStream();
        received.Write(_reader.Buffered);
        var buffer = new byte[4096];
        try
        {
            for (int count; (count = _socket.Receive(buffer)) > 0;)
            {
                received.Write(buffer, 0, count);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // the bytes before the reset are the answer
        }
        return received.ToArray();
    }

    /// <summary>Reads up to a GOAWAY (skipping connection-level SETTINGS and WINDOW_UPDATE), then asserts the server closes the connection.</summary>
    public ReceivedFrame ReadGoAwayAndClose()
    {
        var goAway = Read();
        while (goAway.Type is Http2FrameType.Settings or Http2FrameType.WindowUpdate)
        {
            goAway = Read();
        }
        Assert.True(goAway.Type == Http2FrameType.GoAway, $"Expected GOAWAY, got {goAway}.");
        Assert.Equal(0, goAway.StreamId);
        var after = ReadOrEnd();
        Assert.True(after is null, $"The server sent {after} after GOAWAY instead of closing the connection.");
        return goAway;
    }

    /// <summary>Reads frames until every stream in <paramref name="streamIds"/> has ended; a frame on any other stream, or a GOAWAY, fails the test.</summary>
    public Dictionary<int, RawResponse> ReadResponses(IEnumerable<int> streamIds)
    {
        var responses = streamIds.ToDictionary(id => id, id => new RawResponse(id));
        ReadInto(responses, () => responses.Values.All(r => r.Ended));
        return responses;
    }

    public RawResponse ReadResponse(int streamId) => ReadResponses([streamId])[streamId];

    /// <summary>
    /// Sends a PING and reads until its acknowledgement, collecting stream frames into <paramref name="responses"/>. The
    /// server handles frames in order, so what it sent before the acknowledgement is all that the frames sent before the
    /// PING made it send.
    /// </summary>
    public void Sync(Dictionary<int, RawResponse> responses)
    {
        var payload = BitConverter.GetBytes(++_pings);
        Send(Http2FrameType.Ping, Http2FrameFlags.None, 0, payload);
        ReadInto(responses, () => _lastPingAck.AsSpan().SequenceEqual(payload));
    }

    /// <summary>
    /// Reads frames into <paramref name="responses"/> until <paramref name="done"/> holds. Connection frames other than
    /// GOAWAY are skipped (a PING acknowledgement is remembered); a frame on a stream not in <paramref name="responses"/>,
    /// or a GOAWAY, fails the test.
    /// </summary>
    public void ReadInto(Dictionary<int, RawResponse> responses, Func<bool> done)
    {
        while (!done())
        {
            var frame = Read();
            if (frame.StreamId == 0)
            {
                if (frame.Type == Http2FrameType.GoAway)
                {
                    Assert.Fail($"GOAWAY {frame.ErrorCode}: {System.Text.Encoding.UTF8.GetString(frame.Payload.AsSpan(8))}");
                }
                if (frame.Type == Http2FrameType.Ping && frame.Has(Http2FrameFlags.Ack))
                {
                    _lastPingAck = frame.Payload;
                }
                else if (frame.Type == Http2FrameType.WindowUpdate)
                {
                    _connectionSendWindow += Increment(frame);
                }
                continue;
            }
            Assert.True(responses.TryGetValue(frame.StreamId, out var response), $"Unexpected {frame}.");
            switch (frame.Type)
            {
                case Http2FrameType.Headers:
                    Assert.Equal(0, _block.WrittenCount);
                    _block.Write(Http2Frame.Unpad(frame.Header.Flags, frame.Payload));
                    _blockEndsStream = frame.Has(Http2FrameFlags.EndStream);
                    break;
                case Http2FrameType.Continuation:
                    Assert.NotEqual(0, _block.WrittenCount);
                    _block.Write(frame.Payload);
                    break;
                case Http2FrameType.Data:
                    response.OnData(Http2Frame.Unpad(frame.Header.Flags, frame.Payload), frame.Has(Http2FrameFlags.EndStream));
                    continue;
                case Http2FrameType.RstStream:
                    response.OnReset(frame.ErrorCode);
                    continue;
                case Http2FrameType.WindowUpdate:
                    _streamSendWindows[frame.StreamId] = _streamSendWindows.GetValueOrDefault(frame.StreamId) + Increment(frame);
                    continue;
                default:
                    Assert.Fail($"Unexpected {frame}.");
                    break;
            }
            if (frame.Has(Http2FrameFlags.EndHeaders))
            {
                response.OnHeaderBlock(Decode(_block.WrittenSpan), _blockEndsStream);
                _block.ResetWrittenCount();
            }
        }
    }

    public List<HpackHeaderField> Decode(ReadOnlySpan<byte> block)
    {
        var fields = new List<HpackHeaderField>();
        _decoder.Decode(block, fields);
        return fields;
    }

    public void Dispose() => _socket.Dispose();

    private static int Increment(ReceivedFrame windowUpdate) => BinaryPrimitives.ReadInt32BigEndian(windowUpdate.Payload) & int.MaxValue;
}
