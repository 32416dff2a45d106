using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansVector.Gateway.Metrics;

public static class MetricsEndpoints
{
    /// <summary>GET /metrics in Prometheus text format (Milvus serves the same path on 9091).</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", (HttpContext context) => Results.Text(
            PrometheusTextWriter.Write(context.RequestServices.GetRequiredService<GatewayMetrics>(), context.RequestServices.GetService<IActivationCountSource>()),
            PrometheusTextWriter.ContentType));
}
