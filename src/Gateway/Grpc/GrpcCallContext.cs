using Microsoft.AspNetCore.Http;

namespace OrleansVector.Gateway.Grpc;

/// <summary>What a handler knows about the call besides its request message.</summary>
public sealed class GrpcCallContext(HttpContext httpContext, CancellationToken cancellationToken)
{
    public HttpContext HttpContext { get; } = httpContext;

    /// <summary>Cancelled when the client goes away or the call's deadline (grpc-timeout) passes.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A request metadata value (gRPC keys are lower case), or null when absent.</summary>
    public string? GetHeader(string name)
    {
        var values = HttpContext.Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }
}
