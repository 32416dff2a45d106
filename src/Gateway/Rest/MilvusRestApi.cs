using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansVector.Gateway.Auth;
using OrleansVector.Gateway.Metrics;
using OrleansVector.Grains.Interfaces.Milvus;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// Milvus's RESTful API v2: POST /v2/vectordb/{category}/{action} with a JSON body, answered {code: 0, data} or
/// {code, message} with HTTP 200 as Milvus does (401 when authentication fails, 404 for an unknown endpoint).
/// Authentication, when on, takes "Authorization: Bearer user:password" (or Basic base64).
/// </summary>
public sealed class MilvusRestApi
{
    public const string RoutePrefix = "/v2/vectordb/";

    private readonly FrozenDictionary<string, Func<RestCall, Task<JsonNode?>>> _routes;
    private readonly MilvusAuthenticator _authenticator;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<MilvusRestApi> _logger;

    public MilvusRestApi(RestCatalogHandlers catalog, RestEntityHandlers entities, RestUserHandlers users, RestMaintenanceHandlers maintenance, MilvusAuthenticator authenticator, GatewayMetrics metrics, ILogger<MilvusRestApi> logger)
    {
        _routes = catalog.Routes().Concat(entities.Routes()).Concat(users.Routes()).Concat(maintenance.Routes()).ToFrozenDictionary(r => r.Route, r => r.Handler, StringComparer.Ordinal);
        _authenticator = authenticator;
        _metrics = metrics;
        _logger = logger;
    }

    public IEnumerable<string> Routes => _routes.Keys;

    public async Task HandleAsync(HttpContext http, string category, string action)
    {
        var route = $"{category}/{action}";
        var started = _metrics.StartTimer();
        if (!_routes.TryGetValue(route, out var handler))
        {
            await Reply(http, StatusCodes.Status404NotFound, RestError.MissingRequiredParameters, null, $"no REST endpoint {RoutePrefix}{route}");
            return;
        }
        var (user, refusal) = await _authenticator.AuthenticateAsync(Token(http.Request.Headers.Authorization.ToString()), http.RequestAborted);
        if (refusal is not null)
        {
            await Reply(http, StatusCodes.Status401Unauthorized, RestError.NeedAuthenticate, null, $"user hasn't authenticated: {refusal}");
            _metrics.RecordRequest("REST " + route, RestError.NeedAuthenticate, started);
            return;
        }
        int code;
        JsonNode? data = null;
        string? message = null;
        try
        {
            data = await handler(new RestCall(await Body(http), http, user));
            code = 0;
        }
        catch (RestParameterException e)
        {
            (code, message) = (e.Code, e.Message);
        }
        catch (MilvusException e)
        {
            (code, message) = ((int)e.Code, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RestLog.HandlerThrew(_logger, route, e);
            (code, message) = ((int)MilvusErrorCode.Unexpected, $"{route} failed: {e.Message}");
        }
        _metrics.RecordRequest("REST " + route, code, started);
        await Reply(http, StatusCodes.Status200OK, code, data, message);
    }

    /// <summary>The JSON object the body holds; an empty body is an empty request, as Milvus binds it.</summary>
    private static async Task<JsonObject> Body(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length == 0)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) switch
            {
                JsonObject body => body,
                var other => throw RestCall.Format("body", "a JSON object", other),
            };
        }
        catch (JsonException e)
        {
            throw new RestParameterException(RestError.IncorrectParameterFormat, $"incorrect parameter format: the body is not JSON: {e.Message}");
        }
    }

    /// <summary>The "user:password" token of a Bearer (as Milvus's REST clients send it) or Basic authorization header.</summary>
    private static string? Token(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = new byte[header.Length];
            return Convert.TryFromBase64String(header["Basic ".Length..].Trim(), bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
        }
        return null;
    }

    private static Task Reply(HttpContext http, int httpStatus, int code, JsonNode? data, string? message)
    {
        var body = new JsonObject { ["code"] = code };
        if (code == 0)
        {
            body["data"] = data ?? new JsonObject();
        }
        else
        {
            body["message"] = message;
        }
        http.Response.StatusCode = httpStatus;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }
}
