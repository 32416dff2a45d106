using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansVector.Gateway.Rest;

public static class RestEndpoints
{
    /// <summary>POST /v2/vectordb/{category}/{action}: Milvus's RESTful API v2 (on the HTTP port, beside /healthz and /metrics).</summary>
    public static IEndpointConventionBuilder MapMilvusRest(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.ServiceProvider.GetRequiredService<MilvusRestApi>();
        return endpoints.MapPost(MilvusRestApi.RoutePrefix + "{category}/{action}", (HttpContext http, string category, string action) => api.HandleAsync(http, category, action));
    }
}
