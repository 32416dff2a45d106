namespace OrleansVector.Silo.Hosting;

internal static partial class SiloLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Orleans.Vector silo listening: Milvus gRPC on {GrpcEndpoint}, HTTP (REST, /healthz, /metrics) on {HttpEndpoint}")]
    public static partial void Listening(ILogger logger, string grpcEndpoint, string httpEndpoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Data directory: {DataDirectory}")]
    public static partial void DataDirectory(ILogger logger, string dataDirectory);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Silo stopping")]
    public static partial void Stopping(ILogger logger);
}
