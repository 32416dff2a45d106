using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// Registers MilvusService handlers so that their failures reach the client the Milvus way: inside the
/// response's Status (code and legacy error_code), with gRPC status OK.
/// </summary>
public static class MilvusServiceBuilderExtensions
{
    /// <summary>An RPC whose response has a Status in field 1.</summary>
    public static GrpcServiceBuilder AddMilvus<TRequest, TResponse>(this GrpcServiceBuilder builder, string methodName,
        UnaryHandler<TRequest, TResponse> handler, ILogger logger)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, IMilvusStatusResponse, new() =>
        builder.AddUnary(methodName, Guard(methodName, handler, status => new TResponse { Status = status }, logger));

    /// <summary>An RPC whose response is a bare common.Status.</summary>
    public static GrpcServiceBuilder AddMilvusStatus<TRequest>(this GrpcServiceBuilder builder, string methodName,
        UnaryHandler<TRequest, Status> handler, ILogger logger)
        where TRequest : IMessage<TRequest>, new() =>
        builder.AddUnary(methodName, Guard(methodName, handler, status => status, logger));

    private static UnaryHandler<TRequest, TResponse> Guard<TRequest, TResponse>(string methodName,
        UnaryHandler<TRequest, TResponse> handler, Func<Status, TResponse> failed, ILogger logger) =>
        async (request, context) =>
        {
            try
            {
                return await handler(request, context);
            }
            catch (MilvusException e)
            {
                return failed(e.ToStatus());
            }
            catch (Exception e) when (e is not GrpcException and not OperationCanceledException)
            {
                MilvusLog.HandlerThrew(logger, methodName, e);
                return failed(MilvusStatus.Error(MilvusErrorCode.Unexpected, $"{methodName} failed: {e.Message}"));
            }
        };
}
