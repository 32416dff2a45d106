namespace OrleansVector.Storage.Metadata;

/// <summary>A write in a transaction: put a key, delete a key, or delete every key under a prefix.</summary>
public sealed record MetadataOperation
{
    private MetadataOperation(MetadataOperationKind kind, string key, ReadOnlyMemory<byte> value)
    {
        if (kind == MetadataOperationKind.DeletePrefix)
        {
            MetadataKey.ValidatePrefix(key);
        }
        else
        {
            MetadataKey.Validate(key);
        }
        Kind = kind;
        Key = key;
        Value = value;
    }

    public MetadataOperationKind Kind { get; }

    /// <summary>The key, or the prefix for <see cref="MetadataOperationKind.DeletePrefix"/>.</summary>
    public string Key { get; }

    public ReadOnlyMemory<byte> Value { get; }

    public static MetadataOperation Put(string key, ReadOnlyMemory<byte> value) => new(MetadataOperationKind.Put, key, value);

    public static MetadataOperation Delete(string key) => new(MetadataOperationKind.Delete, key, default);

    public static MetadataOperation DeletePrefix(string prefix) => new(MetadataOperationKind.DeletePrefix, prefix, default);
}

/// <summary>What a <see cref="MetadataOperation"/> does.</summary>
public enum MetadataOperationKind
{
    Put,
    Delete,
    DeletePrefix,
}
