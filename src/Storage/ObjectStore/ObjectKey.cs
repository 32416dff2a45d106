using System.Text;

namespace OrleansVector.Storage.ObjectStore;

/// <summary>
/// The rules every object key follows, so a key means the same in a folder and in a bucket and can never leave the
/// store's root: 1..1024 UTF-8 bytes, '/'-separated non-empty segments, no '.' or '..' segment, no leading '/',
/// no '\\', no control characters.
/// </summary>
public static class ObjectKey
{
    /// <summary>The longest key in UTF-8 bytes (the S3 limit).</summary>
    public const int MaxBytes = 1024;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the key and the rule it breaks.</summary>
    public static void Validate(string key, string paramName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        var problem = FindProblem(key, allowEmpty: false, allowTrailingSlash: false);
        if (problem is not null)
        {
            throw new ArgumentException($"Object key '{key}' is invalid: {problem}.", paramName);
        }
    }

    /// <summary>Like <see cref="Validate"/> for list prefixes: empty is allowed and so is a trailing '/' or a partial last segment.</summary>
    public static void ValidatePrefix(string prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        var problem = FindProblem(prefix, allowEmpty: true, allowTrailingSlash: true);
        if (problem is not null)
        {
            throw new ArgumentException($"Object key prefix '{prefix}' is invalid: {problem}.", paramName);
        }
    }

    private static string? FindProblem(string key, bool allowEmpty, bool allowTrailingSlash)
    {
        if (key.Length == 0)
        {
            return allowEmpty ? null : "it is empty";
        }
        if (Encoding.UTF8.GetByteCount(key) > MaxBytes)
        {
            return $"it is longer than {MaxBytes} UTF-8 bytes";
        }
        if (key.Contains('\\'))
        {
            return "it contains '\\'";
        }
        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }
        }
        var segments = key.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Length - 1;
            if (segment.Length == 0 && !(isLast && allowTrailingSlash && i > 0))
            {
                return i == 0 ? "it starts with '/'" : "it has an empty segment ('//' or a trailing '/')";
            }
            if (segment is "." or "..")
            {
                return "it has a '.' or '..' segment";
            }
        }
        return null;
    }
}
