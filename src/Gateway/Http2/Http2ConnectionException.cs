namespace OrleansVector.Gateway.Http2;

/// <summary>A connection error: the connection ends with GOAWAY carrying <see cref="ErrorCode"/> and the message.</summary>
public sealed class Http2ConnectionException(Http2ErrorCode errorCode, string message) : Exception(message)
{
    public Http2ErrorCode ErrorCode { get; } = errorCode;
}
