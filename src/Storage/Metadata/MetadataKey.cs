namespace OrleansVector.Storage.Metadata;

/// <summary>Rules for metadata keys: non-empty, at most <see cref="MaxBytes"/> UTF-8 bytes, no control characters.</summary>
public static class MetadataKey
{
    /// <summary>Longest key in UTF-8 bytes (etcd accepts far more; Milvus keys stay well below).</summary>
    public const int MaxBytes = 4096;

    /// <summary>Throws an exception naming the problem when <paramref name="key"/> is not a valid key.</summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("metadata key must not be empty", nameof(key));
        }
        ValidatePrefix(key);
    }

    /// <summary>A prefix may be empty (every key); otherwise it follows the key rules.</summary>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (System.Text.Encoding.UTF8.GetByteCount(prefix) > MaxBytes)
        {
            throw new ArgumentException($"metadata key '{prefix[..Math.Min(prefix.Length, 64)]}...' is longer than {MaxBytes} UTF-8 bytes", nameof(prefix));
        }
        foreach (var c in prefix)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"metadata key '{prefix}' contains control character U+{(int)c:X4}", nameof(prefix));
            }
            if (char.IsSurrogate(c))
            {
                // Surrogates would sort differently in UTF-16 (local store) and UTF-8 (etcd).
                throw new ArgumentException($"metadata key '{prefix}' contains a character outside the Basic Multilingual Plane", nameof(prefix));
            }
        }
    }
}
