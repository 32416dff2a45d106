using Microsoft.Extensions.Logging;

namespace OrleansVector.Gateway.Milvus;

internal static partial class MilvusLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "MilvusService.{Method} failed unexpectedly")]
    public static partial void HandlerThrew(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information,
        Message = "Client connected: {SdkType} {SdkVersion} (user '{User}', host '{Host}'), identifier {Identifier}")]
    public static partial void ClientConnected(ILogger logger, string sdkType, string sdkVersion, string user, string host, long identifier);
}
