using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansVector.Gateway.Metrics;

public static class MetricsEndpoints
{
    /// <summary>
    /// GET /metrics in Prometheus text format (Milvus serves the same path on 9091). The exporter is created here, when
    /// the endpoint is mapped, so it listens before the host starts the grains.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        var metrics = endpoints.ServiceProvider.GetRequiredService<GatewayMetrics>();
        var meters = endpoints.ServiceProvider.GetRequiredService<MeterExporter>();
        return endpoints.MapGet("/metrics", () => Results.Text(PrometheusTextWriter.Write(metrics, meters.Collect()), PrometheusTextWriter.ContentType));
    }
}
