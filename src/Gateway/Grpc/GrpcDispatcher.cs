using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>
/// The transport-independent half of the gRPC server: checks a call's headers (POST, gRPC content type, a served path,
/// no compression), then checks the caller's credentials, applies the deadline, reads the one request message, runs the
/// method and turns every failure into a gRPC status (UNIMPLEMENTED for unknown methods).
/// </summary>
public sealed class GrpcDispatcher(GrpcMethodTable methods, IOptions<GrpcServerOptions> options, TimeProvider timeProvider, ILogger<GrpcDispatcher> logger,
    IGrpcAuthenticator? authenticator = null)
{
    public GrpcServerOptions Options { get; } = options.Value;

    /// <summary>The method a call's headers ask for, or null with the result that ends the call before its body is read.</summary>
    public IGrpcMethod? Accept(IReadOnlyList<HpackHeaderField> headers, out GrpcResult refusal)
    {
        refusal = default;
        string? method = null, path = null, contentType = null, encoding = null;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            switch (name)
            {
                case ":method": method = value; break;
                case ":path": path = value; break;
                case "content-type": contentType = value; break;
                case GrpcFrame.EncodingHeader: encoding = value; break;
            }
        }
        if (method != "POST")
        {
            refusal = GrpcResult.NotGrpc(405);
            return null;
        }
        if (!IsGrpcContentType(contentType))
        {
            refusal = GrpcResult.NotGrpc(415);
            return null;
        }
        path ??= "";
        if (!methods.TryGet(path, out var served))
        {
            refusal = Fail(path, GrpcStatusCode.Unimplemented, $"Method {path} is not implemented by this server.");
            return null;
        }
        if (encoding is { Length: > 0 } && !encoding.Equals(GrpcFrame.IdentityEncoding, StringComparison.Ordinal))
        {
            refusal = Fail(path, GrpcStatusCode.Unimplemented,
                $"Message encoding '{encoding}' is not supported; this server accepts {GrpcFrame.IdentityEncoding} only.");
            return null;
        }
        return served;
    }

    /// <summary>The refusal of a call whose request is already known to be bad (oversized, more than one message).</summary>
    public GrpcResult Refuse(IGrpcMethod method, GrpcException problem) => Fail(method.Path, problem.StatusCode, problem.Message);

    /// <summary>Runs an accepted call on its complete request body. Never throws: every failure is a gRPC status.</summary>
    public async ValueTask<GrpcResult> InvokeAsync(IGrpcMethod method, ReadOnlyMemory<byte> body, IReadOnlyList<HpackHeaderField> headers, CancellationToken aborted)
    {
        CancellationTokenSource? deadline = null;
        CancellationTokenSource? linked = null;
        var path = method.Path;
        try
        {
            var context = new GrpcCallContext(headers, aborted);
            if (GrpcTimeout.Parse(context.GetHeader(GrpcFrame.TimeoutHeader)) is { } timeout)
            {
                deadline = new CancellationTokenSource(timeout, timeProvider);
                linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
                context = new GrpcCallContext(headers, linked.Token);
            }
            if (authenticator is not null && await authenticator.AuthenticateAsync(context) is { } refusal)
            {
                return Fail(path, GrpcStatusCode.Unauthenticated, refusal);
            }
            var message = GrpcRequestBody.SingleMessage(body, Options.MaxReceiveMessageSize);
            var response = await method.InvokeAsync(message, context);
            var size = response.CalculateSize();
            return size <= Options.MaxSendMessageSize
                ? GrpcResult.Success(response, size)
                : Fail(path, GrpcStatusCode.ResourceExhausted,
                    $"Response message larger than max ({size} vs. {Options.MaxSendMessageSize}); raise Gateway:Grpc:MaxSendMessageSize or ask for less.");
        }
        catch (GrpcException e)
        {
            return Fail(path, e.StatusCode, e.Message);
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            return Fail(path, GrpcStatusCode.DeadlineExceeded, "The call's deadline (grpc-timeout) passed before it completed.");
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            GrpcLog.ClientGone(logger, path);
            return GrpcResult.Failure(GrpcStatusCode.Cancelled, "The client cancelled the call.");
        }
        catch (Exception e)
        {
            GrpcLog.HandlerThrew(logger, path, e);
            return Fail(path, GrpcStatusCode.Unknown, $"Exception was thrown by handler: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            linked?.Dispose();
            deadline?.Dispose();
        }
    }

    private GrpcResult Fail(string path, GrpcStatusCode status, string message)
    {
        GrpcLog.CallFailed(logger, path, status, message);
        return GrpcResult.Failure(status, message);
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
