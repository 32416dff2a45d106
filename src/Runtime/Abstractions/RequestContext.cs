using System.Collections.Immutable;

namespace OrleansVector.Runtime;

/// <summary>
/// Ambient key/value pairs that flow with a call from caller to callee (never back), like Orleans's RequestContext.
/// Values are strings so they cross silos unchanged. Copy-on-write: a call captures the current map without copying.
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<ImmutableDictionary<string, string>?> s_current = new();

    public static string? Get(string key) => s_current.Value is { } map && map.TryGetValue(key, out var value) ? value : null;

    public static void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        s_current.Value = (s_current.Value ?? ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal)).SetItem(key, value);
    }

    public static bool Remove(string key)
    {
        if (s_current.Value is not { } map || !map.ContainsKey(key))
        {
            return false;
        }
        s_current.Value = map.Remove(key);
        return true;
    }

    public static void Clear() => s_current.Value = null;

    /// <summary>The current map, to attach to an outgoing message.</summary>
    internal static ImmutableDictionary<string, string>? Export() => s_current.Value is { Count: > 0 } map ? map : null;

    /// <summary>Installs the map an incoming message carried.</summary>
    internal static void Import(ImmutableDictionary<string, string>? map) => s_current.Value = map;
}
