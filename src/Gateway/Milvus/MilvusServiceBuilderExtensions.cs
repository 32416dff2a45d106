using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// Registers MilvusService handlers so that every call is prepared and ends the Milvus way: the database filled from
/// the dbname header and the names validated before the handler runs (<see cref="MilvusRequestShape{TRequest}"/>);
/// failures inside the response's Status (code and legacy error_code) with gRPC status OK; each call counted in
/// <see cref="GatewayMetrics"/> when one is given.
/// </summary>
public static class MilvusServiceBuilderExtensions
{
    /// <summary>The gRPC metadata key SDKs put the current database in.</summary>
    public const string DatabaseHeader = "dbname";

    /// <summary>An RPC whose response has a Status in field 1.</summary>
    public static GrpcServiceBuilder AddMilvus<TRequest, TResponse>(this GrpcServiceBuilder builder, string methodName,
        UnaryHandler<TRequest, TResponse> handler, ILogger logger, GatewayMetrics? metrics = null)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, IMilvusStatusResponse, new() =>
        builder.AddUnary(methodName, Guard(methodName, handler, status => new TResponse { Status = status }, response => response.Status, logger, metrics));

    /// <summary>An RPC whose response is a bare common.Status.</summary>
    public static GrpcServiceBuilder AddMilvusStatus<TRequest>(this GrpcServiceBuilder builder, string methodName,
        UnaryHandler<TRequest, Status> handler, ILogger logger, GatewayMetrics? metrics = null)
        where TRequest : IMessage<TRequest>, new() =>
        builder.AddUnary(methodName, Guard(methodName, handler, status => status, status => status, logger, metrics));

    private static UnaryHandler<TRequest, TResponse> Guard<TRequest, TResponse>(string methodName, UnaryHandler<TRequest, TResponse> handler,
        Func<Status, TResponse> failed, Func<TResponse, Status?> statusOf, ILogger logger, GatewayMetrics? metrics)
        where TRequest : IMessage<TRequest>, new() =>
        async (request, context) =>
        {
            var started = metrics?.StartTimer() ?? 0;
            TResponse response;
            try
            {
                MilvusRequestShape<TRequest>.Prepare(request, context.GetHeader(DatabaseHeader));
                response = await handler(request, context);
            }
            catch (MilvusException e)
            {
                response = failed(e.ToStatus());
            }
            catch (Exception e) when (e is not GrpcException and not OperationCanceledException)
            {
                MilvusLog.HandlerThrew(logger, methodName, e);
                response = failed(MilvusStatus.Error(MilvusErrorCode.Unexpected, $"{methodName} failed: {e.Message}"));
            }
            metrics?.RecordRequest(methodName, statusOf(response)?.Code ?? 0, started);
            return response;
        };
}
