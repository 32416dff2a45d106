namespace OrleansVector.Storage.Metadata;

/// <summary>A transaction guard on one key. A missing key has mod revision 0 and version 0, and no value.</summary>
public sealed record MetadataCondition
{
    private MetadataCondition(MetadataConditionKind kind, string key, long number, ReadOnlyMemory<byte> value)
    {
        MetadataKey.Validate(key);
        Kind = kind;
        Key = key;
        Number = number;
        Value = value;
    }

    public MetadataConditionKind Kind { get; }

    public string Key { get; }

    /// <summary>The revision or version compared with.</summary>
    public long Number { get; }

    /// <summary>The value compared with.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Holds when the key does not exist.</summary>
    public static MetadataCondition Missing(string key) => new(MetadataConditionKind.ModRevisionEquals, key, 0, default);

    /// <summary>Holds when the key exists.</summary>
    public static MetadataCondition Exists(string key) => new(MetadataConditionKind.Exists, key, 0, default);

    /// <summary>Holds when the key's last change was at <paramref name="modRevision"/> (0: the key is missing).</summary>
    public static MetadataCondition ModRevisionEquals(string key, long modRevision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(modRevision);
        return new(MetadataConditionKind.ModRevisionEquals, key, modRevision, default);
    }

    /// <summary>Holds when the key's version is <paramref name="version"/> (0: the key is missing).</summary>
    public static MetadataCondition VersionEquals(string key, long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new(MetadataConditionKind.VersionEquals, key, version, default);
    }

    /// <summary>Holds when the key exists with exactly this value.</summary>
    public static MetadataCondition ValueEquals(string key, ReadOnlyMemory<byte> value) => new(MetadataConditionKind.ValueEquals, key, 0, value);

    /// <summary>Whether the condition holds for the key's current entry (null when missing).</summary>
    public bool IsSatisfiedBy(MetadataEntry? entry) => Kind switch
    {
        MetadataConditionKind.Exists => entry is not null,
        MetadataConditionKind.ModRevisionEquals => (entry?.ModRevision ?? 0) == Number,
        MetadataConditionKind.VersionEquals => (entry?.Version ?? 0) == Number,
        MetadataConditionKind.ValueEquals => entry is not null && entry.Value.Span.SequenceEqual(Value.Span),
        _ => throw new InvalidOperationException($"unknown condition kind {Kind}"),
    };
}

/// <summary>What a <see cref="MetadataCondition"/> compares.</summary>
public enum MetadataConditionKind
{
    Exists,
    ModRevisionEquals,
    VersionEquals,
    ValueEquals,
}
