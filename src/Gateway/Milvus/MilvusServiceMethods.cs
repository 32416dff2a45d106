using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Auth;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// The MilvusService methods this gateway serves. Every other method of milvus.proto.milvus.MilvusService
/// (and of any other service) is answered with UNIMPLEMENTED by the dispatcher.
/// </summary>
public static class MilvusServiceMethods
{
    public const string ServiceName = "milvus.proto.milvus.MilvusService";

    public static GrpcServiceBuilder CreateBuilder() =>
        new(MilvusReflection.Descriptor.Services.Single(s => s.FullName == ServiceName));

    public static GrpcMethodTable Build(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ServiceName);
        var metrics = services.GetRequiredService<GatewayMetrics>();
        var system = services.GetRequiredService<MilvusSystemService>();
        var builder = CreateBuilder()
            .AddMilvus<ConnectRequest, ConnectResponse>("Connect", system.Connect, logger, metrics)
            .AddMilvus<GetVersionRequest, GetVersionResponse>("GetVersion", (_, _) => system.GetVersion(), logger, metrics)
            .AddMilvus<CheckHealthRequest, CheckHealthResponse>("CheckHealth", (_, _) => system.CheckHealth(), logger, metrics);
        services.GetRequiredService<MilvusCatalogService>().Register(builder, logger, metrics);
        services.GetRequiredService<MilvusDataService>().Register(builder, logger);
        services.GetRequiredService<MilvusCredentialService>().Register(builder, logger, metrics);
        return new GrpcMethodTable(builder.Methods);
    }
}
