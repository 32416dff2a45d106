using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// The gRPC server over Kestrel's HTTP/2: checks the request is gRPC, finds the method by path, checks the
/// caller's credentials, applies the deadline and size limits, and turns every failure into a gRPC status (UNIMPLEMENTED for unknown methods).
/// </summary>
public sealed class GrpcDispatcher(GrpcMethodTable methods, IOptions<GrpcServerOptions> options, TimeProvider timeProvider, ILogger<GrpcDispatcher> logger,
    IGrpcAuthenticator? authenticator = null)
{
    private readonly GrpcServerOptions _options = options.Value;

    public async Task DispatchAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (!HttpProtocol.IsHttp2(http.Request.Protocol))
        {
            // gRPC needs HTTP/2 trailers; an HTTP/1.x client is not a gRPC client.
            http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            http.Response.Headers.Upgrade = "h2c";
            return;
        }
        if (!IsGrpcContentType(http.Request.ContentType))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        if (!methods.TryGet(path, out var method))
        {
            Fail(http, path, GrpcStatusCode.Unimplemented, $"Method {path} is not implemented by this server.");
            return;
        }
        var encoding = http.Request.Headers[GrpcFrame.EncodingHeader].ToString();
        if (encoding.Length > 0 && !encoding.Equals(GrpcFrame.IdentityEncoding, StringComparison.Ordinal))
        {
            Fail(http, path, GrpcStatusCode.Unimplemented,
                $"Message encoding '{encoding}' is not supported; this server accepts {GrpcFrame.IdentityEncoding} only.");
            return;
        }
        if (authenticator is not null && await authenticator.AuthenticateAsync(http) is { } refusal)
        {
            Fail(http, path, GrpcStatusCode.Unauthenticated, refusal);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The frame header check enforces MaxReceiveMessageSize with RESOURCE_EXHAUSTED before the message is buffered.
            // Kestrel's own body limit would count bytes already in flight and fail the read with a bare HTTP error instead;
            // nothing past the one frame is ever buffered, and HTTP/2 flow control holds back the rest.
            bodySize.MaxRequestBodySize = null;
        }
        await InvokeAsync(http, path, method);
    }

    private async Task InvokeAsync(HttpContext http, string path, IGrpcMethod method)
    {
        CancellationTokenSource? deadline = null;
        CancellationTokenSource? linked = null;
        try
        {
            var token = http.RequestAborted;
            if (GrpcTimeout.Parse(http.Request.Headers[GrpcFrame.TimeoutHeader].ToString()) is { } timeout)
            {
                deadline = new CancellationTokenSource(timeout, timeProvider);
                linked = CancellationTokenSource.CreateLinkedTokenSource(token, deadline.Token);
                token = linked.Token;
            }
            await method.InvokeAsync(new GrpcCallContext(http, token), _options);
        }
        catch (GrpcException e)
        {
            Fail(http, path, e.StatusCode, e.Message);
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            Fail(http, path, GrpcStatusCode.DeadlineExceeded, "The call's deadline (grpc-timeout) passed before it completed.");
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            GrpcLog.ClientGone(logger, path);
        }
        catch (BadHttpRequestException e)
        {
            Fail(http, path, GrpcStatusCode.Internal, $"Malformed request body: {e.Message}");
        }
        catch (Exception e)
        {
            GrpcLog.HandlerThrew(logger, path, e);
            Fail(http, path, GrpcStatusCode.Unknown, $"Exception was thrown by handler: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            linked?.Dispose();
            deadline?.Dispose();
        }
    }

    private void Fail(HttpContext http, string path, GrpcStatusCode status, string message)
    {
        GrpcLog.CallFailed(logger, path, status, message);
        GrpcResponseWriter.WriteStatus(http.Response, status, message);
    }

    /// <summary>application/grpc, application/grpc+proto or with parameters; not grpc-web or grpc+json.</summary>
    private static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(GrpcFrame.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var rest = contentType.AsSpan(GrpcFrame.ContentType.Length);
        return rest.IsEmpty || rest[0] == ';' || rest.StartsWith("+proto", StringComparison.OrdinalIgnoreCase);
    }
}
