using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Health;
using OrleansVector.Gateway.Milvus;

namespace OrleansVector.Gateway;

/// <summary>Wires the Milvus gateway into a host: its options, services and the gRPC endpoint.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddMilvusGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GrpcServerOptions>()
            .Bind(configuration.GetSection(GrpcServerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<MilvusServerOptions>()
            .Bind(configuration.GetSection(MilvusServerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReadinessProbe>();
        services.TryAddSingleton<ClientIdentifierAllocator>();
        services.TryAddSingleton<MilvusSystemService>();
        services.TryAddSingleton(MilvusServiceMethods.Build);
        services.TryAddSingleton<GrpcDispatcher>();
        return services;
    }

    /// <summary>Every POST /{service}/{method} goes to the gRPC dispatcher; restrict it to the gRPC port with RequireHost.</summary>
    public static IEndpointConventionBuilder MapMilvusGrpc(this IEndpointRouteBuilder endpoints)
    {
        var dispatcher = endpoints.ServiceProvider.GetRequiredService<GrpcDispatcher>();
        return endpoints.MapPost("/{service}/{method}", dispatcher.DispatchAsync);
    }
}
