using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;

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
    private const int FrameHeaderLength = 9;
    private const int DefaultWindow = 65_535;
    private const int MaxWindow = int.MaxValue;
    private const int DefaultMaxFrameSize = 16_384;
    private const int HeaderTableSize = 4_096;
    private const byte Data = 0, Headers = 1, RstStream = 3, Settings = 4, Ping = 6, GoAway = 7, WindowUpdate = 8, Continuation = 9;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;
    private const ushort InitialWindowSizeSetting = 4, MaxFrameSizeSetting = 5, EnablePushSetting = 2;

    private readonly Socket _socket;
    private readonly string _authority;
    private readonly HpackDecoder _decoder = new(HeaderTableSize);
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly Dictionary<string, byte[]> _headerBlocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _responseHeaders = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _body = new(4 * 1024);
    private readonly ArrayBufferWriter<byte> _headerBlock = new(1024);
    private byte[] _input = new byte[FrameHeaderLength + DefaultMaxFrameSize];
    private int _inputStart;
    private int _inputEnd;
    private int _nextStreamId = 1;
    private long _connectionSendWindow = DefaultWindow;
    private int _peerInitialWindow = DefaultWindow;
    private int _peerMaxFrameSize = DefaultMaxFrameSize;
    private long _receivedSinceWindowUpdate;
    private int _activeStream;
    private long _streamSendWindow;
    private bool _headersEndStream;

    public BlockingGrpcConnection(Uri address)
    {
        _authority = $"{address.Host}:{address.Port}";
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(IPAddress.Parse(address.Host), address.Port);
        _output.Write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8);
        Span<byte> settings = stackalloc byte[12];
        WriteSetting(settings, EnablePushSetting, 0);
        WriteSetting(settings[6..], InitialWindowSizeSetting, MaxWindow);
        WriteFrame(Settings, 0, 0, settings);
        Span<byte> increment = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(increment, MaxWindow - DefaultWindow);
        WriteFrame(WindowUpdate, 0, 0, increment);
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
        WriteFrame(Headers, EndHeaders, _activeStream, HeaderBlock(path));
        var ended = false;
        for (var sent = 0; sent < message.Length && !ended;)
        {
            var chunk = (int)Math.Min(Math.Min(message.Length - sent, _peerMaxFrameSize), Math.Min(_connectionSendWindow, _streamSendWindow));
            if (chunk <= 0)
            {
                Flush();
                ended = Process(ReadFrame()); // waits for the server to open its window, or to refuse the call early
                continue;
            }
            WriteFrame(Data, sent + chunk == message.Length ? EndStream : (byte)0, _activeStream, message.AsSpan(sent, chunk));
            sent += chunk;
            _connectionSendWindow -= chunk;
            _streamSendWindow -= chunk;
        }
        Flush();
        while (!ended)
        {
            ended = Process(ReadFrame());
        }
        var status = _responseHeaders.GetValueOrDefault(GrpcFrame.StatusHeader);
        if (status != "0")
        {
            var reason = _responseHeaders.TryGetValue(GrpcFrame.MessageHeader, out var text) ? Uri.UnescapeDataString(text) : "";
            throw new InvalidOperationException($"{path} ended with grpc-status {status ?? "missing"} (HTTP {_responseHeaders.GetValueOrDefault(":status")}): {reason}");
        }
        return GrpcFrame.ParseSingle(parser, _body.WrittenSpan);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>The request's HPACK block, built once per method: nothing is indexed, so it never depends on the connection's state.</summary>
    private byte[] HeaderBlock(string path)
    {
        if (_headerBlocks.TryGetValue(path, out var block))
        {
            return block;
        }
        var encoded = new List<byte> { 0x83, 0x86 }; // :method POST, :scheme http (static table 3 and 6)
        AddLiteral(encoded, 4, path); // :path
        AddLiteral(encoded, 1, _authority); // :authority
        AddLiteral(encoded, 31, GrpcFrame.ContentType); // content-type
        encoded.Add(0x00); // te, a name the static table lacks
        AddString(encoded, "te");
        AddString(encoded, "trailers");
        return _headerBlocks[path] = [.. encoded];
    }

    /// <summary>A literal without indexing whose name is static table entry <paramref name="nameIndex"/> (4-bit prefix).</summary>
    private static void AddLiteral(List<byte> block, int nameIndex, string value)
    {
        AddInteger(block, 0x00, 4, nameIndex);
        AddString(block, value);
    }

    private static void AddString(List<byte> block, string value)
    {
        AddInteger(block, 0x00, 7, value.Length);
        block.AddRange(Encoding.ASCII.GetBytes(value));
    }

    private static void AddInteger(List<byte> block, byte pattern, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(pattern | value));
            return;
        }
        block.Add((byte)(pattern | max));
        for (value -= max; value >= 0x80; value >>= 7)
        {
            block.Add((byte)((value & 0x7F) | 0x80));
        }
        block.Add((byte)value);
    }

    /// <summary>Handles one frame; true when it ended the active stream's response.</summary>
    private bool Process(Frame frame)
    {
        var payload = frame.Payload;
        switch (frame.Type)
        {
            case Data:
                AcknowledgeReceived(payload.Length);
                if (frame.Stream == _activeStream)
                {
                    _body.Write(Unpad(frame.Flags, payload));
                }
                return frame.Stream == _activeStream && (frame.Flags & EndStream) != 0;
            case Headers:
            case Continuation:
                if (frame.Type == Headers)
                {
                    _headerBlock.ResetWrittenCount();
                    payload = Unpad(frame.Flags, payload);
                    payload = (frame.Flags & Priority) != 0 ? payload[5..] : payload;
                    _headersEndStream = (frame.Flags & EndStream) != 0;
                }
                _headerBlock.Write(payload);
                if ((frame.Flags & EndHeaders) == 0)
                {
                    return false;
                }
                // Every block is decoded, whichever stream it belongs to, to keep the HPACK table in step with the server's.
                _decoder.Decode(_headerBlock.WrittenSpan, _responseHeaders);
                return frame.Stream == _activeStream && _headersEndStream;
            case Settings:
                if ((frame.Flags & Ack) == 0)
                {
                    ApplySettings(payload);
                    WriteFrame(Settings, Ack, 0, []);
                    Flush();
                }
                return false;
            case Ping:
                if ((frame.Flags & Ack) == 0)
                {
                    WriteFrame(Ping, Ack, 0, payload);
                    Flush();
                }
                return false;
            case WindowUpdate:
                var increment = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
                if (frame.Stream == 0)
                {
                    _connectionSendWindow += increment;
                }
                else if (frame.Stream == _activeStream)
                {
                    _streamSendWindow += increment;
                }
                return false;
            case RstStream when frame.Stream == _activeStream:
                throw new IOException($"The server reset stream {frame.Stream} with HTTP/2 error {BinaryPrimitives.ReadUInt32BigEndian(payload)}.");
            case GoAway:
                throw new IOException($"The server closed the connection (GOAWAY, HTTP/2 error {BinaryPrimitives.ReadUInt32BigEndian(payload[4..])}).");
            default:
                return false; // PRIORITY, a reset of a finished stream, unknown types: nothing to do
        }
    }

    private void ApplySettings(ReadOnlySpan<byte> payload)
    {
        for (var at = 0; at + 6 <= payload.Length; at += 6)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(at + 2)..]);
            switch (BinaryPrimitives.ReadUInt16BigEndian(payload[at..]))
            {
                case InitialWindowSizeSetting:
                    _streamSendWindow += (int)value - _peerInitialWindow; // applies to the open stream too (RFC 9113 6.9.2)
                    _peerInitialWindow = (int)value;
                    break;
                case MaxFrameSizeSetting:
                    _peerMaxFrameSize = (int)value;
                    break;
            }
        }
    }

    /// <summary>Keeps the connection's receive window open: the stream windows are the largest HTTP/2 allows.</summary>
    private void AcknowledgeReceived(int length)
    {
        _receivedSinceWindowUpdate += length;
        if (_receivedSinceWindowUpdate < MaxWindow / 2)
        {
            return;
        }
        Span<byte> increment = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(increment, (int)_receivedSinceWindowUpdate);
        WriteFrame(WindowUpdate, 0, 0, increment);
        Flush();
        _receivedSinceWindowUpdate = 0;
    }

    private static ReadOnlySpan<byte> Unpad(byte flags, ReadOnlySpan<byte> payload) =>
        (flags & Padded) == 0 ? payload : payload[1..(payload.Length - payload[0])];

    private void WriteFrame(byte type, byte flags, int stream, ReadOnlySpan<byte> payload)
    {
        var header = _output.GetSpan(FrameHeaderLength);
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(header[5..], stream);
        _output.Advance(FrameHeaderLength);
        _output.Write(payload);
    }

    private static void WriteSetting(Span<byte> destination, ushort id, int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteInt32BigEndian(destination[2..], value);
    }

    private void Flush()
    {
        for (var sent = 0; sent < _output.WrittenCount;)
        {
            sent += _socket.Send(_output.WrittenSpan[sent..]);
        }
        _output.ResetWrittenCount();
    }

    /// <summary>Blocks until one whole frame has arrived; its payload stays valid until the next read.</summary>
    private Frame ReadFrame()
    {
        Fill(FrameHeaderLength);
        var header = _input.AsSpan(_inputStart, FrameHeaderLength);
        var length = (header[0] << 16) | (header[1] << 8) | header[2];
        Fill(FrameHeaderLength + length);
        var frame = new Frame(_input[_inputStart + 3], _input[_inputStart + 4],
            BinaryPrimitives.ReadInt32BigEndian(_input.AsSpan(_inputStart + 5)) & int.MaxValue, _input.AsMemory(_inputStart + FrameHeaderLength, length));
        _inputStart += FrameHeaderLength + length;
        return frame;
    }

    private void Fill(int count)
    {
        if (_inputEnd - _inputStart >= count)
        {
            return;
        }
        if (_input.Length < count)
        {
            var grown = new byte[count];
            _input.AsSpan(_inputStart, _inputEnd - _inputStart).CopyTo(grown);
            (_input, _inputEnd, _inputStart) = (grown, _inputEnd - _inputStart, 0);
        }
        else if (_input.Length - _inputStart < count)
        {
            _input.AsSpan(_inputStart, _inputEnd - _inputStart).CopyTo(_input);
            (_inputEnd, _inputStart) = (_inputEnd - _inputStart, 0);
        }
        while (_inputEnd - _inputStart < count)
        {
            var received = _socket.Receive(_input, _inputEnd, _input.Length - _inputEnd, SocketFlags.None);
            if (received == 0)
            {
                throw new IOException("The server closed the connection in the middle of a call.");
            }
            _inputEnd += received;
        }
    }

    private readonly record struct Frame(byte Type, byte Flags, int Stream, ReadOnlyMemory<byte> Memory)
    {
        public ReadOnlySpan<byte> Payload => Memory.Span;
    }
}
