namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>Settings of the object-storage WAL (the Woodpecker design: fragments in object storage, commits in etcd).</summary>
public sealed class ObjectStorageWalOptions
{
    /// <summary>Metadata prefix; channel C keeps its owner epoch, fragment list and truncation point under MetadataRoot + C + "/".</summary>
    public string MetadataRoot { get; set; } = "wal/";

    /// <summary>Object-store prefix; channel C's fragments are objects under ObjectRoot + C + "/".</summary>
    public string ObjectRoot { get; set; } = "wal/";

    /// <summary>
    /// Largest fragment: appends that arrive while a fragment is being committed are batched into the next one up to
    /// this size (group commit). A single record larger than this gets a fragment of its own.
    /// </summary>
    public int MaxFragmentBytes { get; set; } = 4 << 20;

    /// <summary>Largest record accepted.</summary>
    public int MaxRecordBytes { get; set; } = 64 << 20;

    /// <summary>Names this process in the owner record (for operators reading etcd); the epoch, not this, fences.</summary>
    public string OwnerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Throws an exception naming the first invalid setting.</summary>
    public void Validate()
    {
        Metadata.MetadataKey.ValidatePrefix(MetadataRoot);
        ObjectStore.ObjectKey.ValidatePrefix(ObjectRoot);
        if (MaxFragmentBytes is < 4096 or > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFragmentBytes), MaxFragmentBytes, "must be in 4 KiB .. 1 GiB");
        }
        if (MaxRecordBytes is < 1 or > 256 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRecordBytes), MaxRecordBytes, "must be in 1 .. 256 MiB");
        }
        ArgumentException.ThrowIfNullOrEmpty(OwnerId, nameof(OwnerId));
    }
}
