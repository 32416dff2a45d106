using Microsoft.Extensions.Logging;

namespace OrleansVector.Gateway.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "gRPC call {Path} ended with {Status}: {Reason}")]
    public static partial void CallFailed(ILogger logger, string path, GrpcStatusCode status, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "gRPC handler of {Path} threw")]
    public static partial void HandlerThrew(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "gRPC call {Path} abandoned by the client")]
    public static partial void ClientGone(ILogger logger, string path);
}
