using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrleansVector.Gateway.Milvus;

namespace OrleansVector.Gateway.Rest;

/// <summary>One REST v2 call: its JSON body with typed accessors that name what is missing or malformed, and its database.</summary>
public sealed class RestCall(JsonObject body, HttpContext http, string? user)
{
    /// <summary>Header with which a client asks for 64-bit integers as JSON strings ("false"), as JavaScript cannot hold them.</summary>
    public const string Int64Header = "Accept-Type-Allow-Int64";

    public JsonObject Body { get; } = body;

    public HttpContext Http { get; } = http;

    /// <summary>The user the call was authenticated as; null when authentication is off.</summary>
    public string? User { get; } = user;

    public CancellationToken CancellationToken => Http.RequestAborted;

    /// <summary>dbName from the body, "default" when absent.</summary>
    public string Database => OptionalString("dbName") is { Length: > 0 } name ? name : MilvusNames.DefaultDatabase;

    /// <summary>Whether int64 values go out as JSON numbers (the default) rather than strings.</summary>
    public bool Int64AsNumber => !string.Equals(Http.Request.Headers[Int64Header], "false", StringComparison.OrdinalIgnoreCase);

    public string RequiredString(string name) => OptionalString(name) ?? throw Missing(name);

    public string? OptionalString(string name) => Body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw Format(name, "a string", other),
    };

    public long? OptionalLong(string name) => Number(Body, name);

    public bool? OptionalBool(string name) => Body[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw Format(name, "true or false", other),
    };

    public JsonObject? OptionalObject(string name) => Body[name] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw Format(name, "an object", other),
    };

    public JsonArray RequiredArray(string name) => OptionalArray(name) ?? throw Missing(name);

    public JsonArray? OptionalArray(string name) => Body[name] switch
    {
        null => null,
        JsonArray a => a,
        var other => throw Format(name, "an array", other),
    };

    public IReadOnlyList<string> Strings(string name) => OptionalArray(name)?.Select((node, i) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? v.GetValue<string>() : throw Format($"{name}[{i}]", "a string", node)).ToList() ?? [];

    /// <summary>An integer member of <paramref name="owner"/> given as a number or a numeric string; null when absent.</summary>
    public static long? Number(JsonObject owner, string name) => owner[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
        var other => throw Format(name, "an integer", other),
    };

    public static RestParameterException Missing(string name) =>
        new(RestError.MissingRequiredParameters, $"missing required parameters, error: Key: '{name}' Error:Field validation for '{name}' failed on the 'required' tag");

    public static RestParameterException Format(string name, string expected, JsonNode? actual) =>
        new(RestError.IncorrectParameterFormat, $"incorrect parameter format: '{name}' should be {expected}, not {actual?.ToJsonString() ?? "null"}");
}
