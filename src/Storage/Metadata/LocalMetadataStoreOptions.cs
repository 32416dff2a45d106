namespace OrleansVector.Storage.Metadata;

/// <summary>Settings of the standalone metadata store.</summary>
public sealed class LocalMetadataStoreOptions
{
    /// <summary>Folder holding meta.log and meta.snapshot; created when missing.</summary>
    public string Directory { get; set; } = "";

    /// <summary>When the log grows past this many bytes, the state is written as a snapshot and the log starts over.</summary>
    public long CompactAfterBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How many recent changes are kept in memory so a watch can start at an earlier revision.</summary>
    public int WatchHistoryLimit { get; set; } = 10_000;

    /// <summary>Throws an exception naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException($"{nameof(Directory)} must name a folder", nameof(Directory));
        }
        if (CompactAfterBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(CompactAfterBytes), CompactAfterBytes, "must be at least 4096");
        }
        if (WatchHistoryLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WatchHistoryLimit), WatchHistoryLimit, "must not be negative");
        }
    }
}
