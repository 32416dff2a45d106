using System.Net;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "gRPC call {Path} ended with {Status}: {Reason}")]
    public static partial void CallFailed(ILogger logger, string path, GrpcStatusCode status, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "gRPC handler of {Path} threw")]
    public static partial void HandlerThrew(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "gRPC call {Path} abandoned by the client")]
    public static partial void ClientGone(ILogger logger, string path);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "gRPC server listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "HTTP/2 connection from {Remote} ended with {ErrorCode}: {Reason}")]
    public static partial void ConnectionError(ILogger logger, EndPoint? remote, Http2ErrorCode errorCode, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "HTTP/2 connection from {Remote} lost")]
    public static partial void ConnectionLost(ILogger logger, EndPoint? remote, Exception exception);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "HTTP/2 request on stream {StreamId} from {Remote} is malformed ({Problem}): reset with PROTOCOL_ERROR")]
    public static partial void MalformedRequest(ILogger logger, EndPoint? remote, int streamId, string problem);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "gRPC server closed a connection from {Remote}: it already serves Gateway:Grpc:MaxConnections ({MaxConnections})")]
    public static partial void TooManyConnections(ILogger logger, EndPoint? remote, int maxConnections);

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "HTTP/2 connection from {Remote} failed and was closed")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? remote, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "gRPC server could not accept a connection")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);
}
