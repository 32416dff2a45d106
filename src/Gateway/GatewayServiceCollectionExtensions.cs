using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansVector.Gateway.Auth;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Health;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Gateway.Rest;

namespace OrleansVector.Gateway;

/// <summary>
/// Wires the Milvus gateway into a host: its options, services and the gRPC server. The host provides the database:
/// an IGrainFactory of the silo that hosts the grains and the silo's DatabaseStorage (users live in its metadata).
/// </summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddMilvusGateway(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidatedOptions<GrpcServerOptions>(services, configuration, GrpcServerOptions.SectionName);
        AddValidatedOptions<MilvusServerOptions>(services, configuration, MilvusServerOptions.SectionName);
        AddValidatedOptions<AuthOptions>(services, configuration, AuthOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReadinessProbe>();
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<MeterExporter>();
        services.TryAddSingleton<ClientIdentifierAllocator>();
        services.TryAddSingleton<CollectionResolver>();
        services.TryAddSingleton<MilvusSystemService>();
        services.TryAddSingleton<MilvusCatalogService>();
        services.TryAddSingleton<MilvusDataService>();
        services.TryAddSingleton<CredentialStore>();
        services.TryAddSingleton<MilvusAuthenticator>();
        services.TryAddSingleton<MilvusCredentialService>();
        services.TryAddSingleton<IGrpcAuthenticator, MilvusGrpcAuthenticator>();
        services.AddHostedService<CredentialChangeWatcher>();
        services.TryAddSingleton<RestCatalogHandlers>();
        services.TryAddSingleton<RestEntityHandlers>();
        services.TryAddSingleton<RestUserHandlers>();
        services.TryAddSingleton<RestMaintenanceHandlers>();
        services.TryAddSingleton<MilvusRestApi>();
        services.TryAddSingleton(MilvusServiceMethods.Build);
        services.TryAddSingleton<GrpcDispatcher>();
        services.TryAddSingleton<GrpcServer>();
        return services;
    }

    /// <summary>Serves the Milvus gRPC API on <paramref name="endPoint"/> while the host runs (port 0: a free one, see <see cref="GrpcServer.LocalEndPoint"/>).</summary>
    public static IServiceCollection AddMilvusGrpcServer(this IServiceCollection services, IPEndPoint endPoint)
    {
        services.AddSingleton(new GrpcEndPoint(endPoint));
        services.AddHostedService<GrpcServerService>();
        return services;
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services, IConfiguration configuration, string section) where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
