namespace OrleansVector.Storage.Tso;

/// <summary>Settings of an <see cref="IdAllocator"/>.</summary>
public sealed class IdAllocatorOptions
{
    /// <summary>Metadata key prefix; an allocator named N keeps its high-water mark at KeyPrefix + N.</summary>
    public string KeyPrefix { get; set; } = "ids/";

    /// <summary>IDs reserved per metadata write; unused ones are skipped after a restart, never reused.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>The first ID ever handed out (Milvus treats 0 as "unset").</summary>
    public long FirstId { get; set; } = 1;

    /// <summary>Throws an exception naming the first invalid setting.</summary>
    public void Validate()
    {
        Metadata.MetadataKey.ValidatePrefix(KeyPrefix);
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        }
        if (FirstId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstId), FirstId, "must not be negative");
        }
    }
}
