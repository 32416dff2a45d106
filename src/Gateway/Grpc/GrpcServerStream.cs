using System.Buffers;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// One call on an HTTP/2 connection: its headers, its request body as it arrives (in one pooled buffer sized by the
/// gRPC frame header), its send window, and the part of its response still waiting for the client's window.
/// </summary>
internal sealed class GrpcServerStream(int id, IGrpcMethod method, List<HpackHeaderField> headers, int sendWindow)
{
    private const int MinimumBuffer = 4096;

    private byte[]? _body;
    private int _bodyLength;
    private int _expectedLength = -1;

    public int Id { get; } = id;

    public IGrpcMethod Method { get; } = method;

    public List<HpackHeaderField> Headers { get; } = headers;

    /// <summary>Cancelled when the client resets the stream or the connection ends (no timer or link: nothing to dispose).</summary>
    public CancellationTokenSource Aborted { get; } = new();

    /// <summary>The request's content-length header, -1 when absent; a body of another length is malformed.</summary>
    public long ContentLength { get; init; } = -1;

    /// <summary>Set once the request has ended and the call runs; no more request data may arrive.</summary>
    public bool Dispatched { get; set; }

    /// <summary>Set while the call's handler runs (changed under the connection's lock).</summary>
    public bool Running { get; set; }

    /// <summary>What the client lets this side send on the stream (changed under the connection's lock).</summary>
    public long SendWindow { get; set; } = sendWindow;

    /// <summary>Request bytes received since the last WINDOW_UPDATE for the stream.</summary>
    public int Unacknowledged { get; set; }

    public ReadOnlyMemory<byte> Body => _body.AsMemory(0, _bodyLength);

    /// <summary>The response frame not yet sent (a rented buffer), from <see cref="PendingOffset"/> on.</summary>
    public byte[]? Pending { get; private set; }

    public int PendingLength { get; private set; }

    public int PendingOffset { get; set; }

    /// <summary>Adds request data; a problem when the body can no longer be one gRPC frame within the size limit.</summary>
    public GrpcException? Append(ReadOnlySpan<byte> data, int maxMessageSize)
    {
        if (data.IsEmpty)
        {
            return null;
        }
        if (_expectedLength < 0 && _bodyLength + data.Length >= GrpcFrame.HeaderLength)
        {
            Span<byte> header = stackalloc byte[GrpcFrame.HeaderLength];
            Body.Span.CopyTo(header);
            data[..(GrpcFrame.HeaderLength - _bodyLength)].CopyTo(header[_bodyLength..]);
            if (GrpcRequestBody.CheckHeader(header, maxMessageSize, out var length) is { } refusal)
            {
                return refusal;
            }
            _expectedLength = GrpcFrame.HeaderLength + length;
        }
        var total = _bodyLength + data.Length;
        if (_expectedLength >= 0 && total > _expectedLength)
        {
            return GrpcRequestBody.MoreThanOneMessage();
        }
        if (_body is null || _body.Length < total)
        {
            // Doubled as data arrives, never beyond what the frame header announced: a small message is copied once,
            // and a header announcing 64 MB reserves nothing until the bytes come.
            var doubled = (int)Math.Min(Math.Max(MinimumBuffer, 2L * (_body?.Length ?? 0)), int.MaxValue);
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(total, Math.Min(doubled, Math.Max(_expectedLength, total))));
            Body.Span.CopyTo(grown);
            ReleaseBody();
            _body = grown;
        }
        data.CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength = total;
        return null;
    }

    public void ReleaseBody()
    {
        if (_body is not null)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = null;
        }
    }

    /// <summary>Keeps <paramref name="length"/> bytes of a rented buffer to send as the client's window opens.</summary>
    public void Hold(byte[] response, int length)
    {
        Pending = response;
        PendingLength = length;
        PendingOffset = 0;
    }

    public void ReleasePending()
    {
        if (Pending is not null)
        {
            ArrayPool<byte>.Shared.Return(Pending);
            Pending = null;
        }
    }
}
