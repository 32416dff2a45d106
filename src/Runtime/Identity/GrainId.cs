namespace OrleansVector.Runtime;

/// <summary>
/// The location-free identity of a grain: its type name and its key. Its text form is <c>type/key</c>.
/// The hash is stable across processes (<see cref="StableHash"/>), so every silo agrees on hash-based decisions.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly uint _hash;

    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        if (type.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A grain type name may not contain '/': '{type}'.", nameof(type));
        }
        Type = type;
        Key = key;
        _hash = unchecked((StableHash.Compute(type) * 31) + StableHash.Compute(key));
    }

    /// <summary>The grain type name (see <see cref="GrainTypeAttribute"/>).</summary>
    public string Type { get; }

    /// <summary>The key as text: a string key as is, an integer key in upper-case hex, a Guid key in the 'N' format.</summary>
    public string Key { get; }

    /// <summary>True for <c>default(GrainId)</c>.</summary>
    public bool IsDefault => Type is null;

    /// <summary>A hash equal on every node and every run.</summary>
    public uint GetUniformHashCode() => _hash;

    /// <summary>Parses the text form <c>type/key</c>.</summary>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{text}' is not a grain id; expected 'type/key'.");
        }
        return new GrainId(text[..slash], text[(slash + 1)..]);
    }

    public bool Equals(GrainId other) =>
        _hash == other._hash && string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => (int)_hash;

    public override string ToString() => $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
