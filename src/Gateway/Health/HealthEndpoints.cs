using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansVector.Gateway.Health;

public static class HealthEndpoints
{
    /// <summary>GET /healthz: 200 "OK" once the silo is ready, 503 before (Milvus serves the same path on 9091).</summary>
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", (HttpContext context) =>
        {
            var ready = context.RequestServices.GetRequiredService<ReadinessProbe>().IsReady;
            return ready ? Results.Text("OK") : Results.Text("starting", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
}
