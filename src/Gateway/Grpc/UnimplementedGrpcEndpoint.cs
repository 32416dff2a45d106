using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansVector.Gateway.Grpc;

public static class UnimplementedGrpcEndpoint
{
    /// <summary>
    /// Answers every gRPC method not otherwise mapped with UNIMPLEMENTED, as a gRPC server does,
    /// so clients get a clean status instead of an HTTP error.
    /// </summary>
    public static IEndpointConventionBuilder MapUnimplementedGrpc(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/{service}/{method}", async (HttpContext context, string service, string method) =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.AppendTrailer("grpc-status", ((int)GrpcStatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Response.AppendTrailer("grpc-message", Uri.EscapeDataString($"Method {service}/{method} is not implemented"));
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }).WithOrder(int.MaxValue);
}
