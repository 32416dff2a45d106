using Microsoft.Extensions.Logging;

namespace OrleansVector.Gateway.Rest;

internal static partial class RestLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "REST {Route} failed unexpectedly")]
    public static partial void HandlerThrew(ILogger logger, string route, Exception exception);
}
