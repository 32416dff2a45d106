namespace OrleansVector.Storage.Wal.Local;

/// <summary>Settings of the local segmented-file WAL.</summary>
public sealed class LocalWalOptions
{
    /// <summary>The folder that holds one sub-folder per channel. Required.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>A segment file is closed and a new one started once it reaches this size. 64 KiB .. 4 GiB; default 64 MiB.</summary>
    public long SegmentSizeBytes { get; set; } = 64L << 20;

    /// <summary>The largest record accepted. 1 byte .. 256 MiB; default 64 MiB.</summary>
    public int MaxRecordBytes { get; set; } = 64 << 20;

    /// <summary>How many bytes of queued appends one group commit writes at most. 4 KiB .. 1 GiB; default 8 MiB.</summary>
    public int MaxGroupCommitBytes { get; set; } = 8 << 20;

    /// <summary>When to fsync; see <see cref="WalFsyncPolicy"/>. Default <see cref="WalFsyncPolicy.Always"/>.</summary>
    public WalFsyncPolicy FsyncPolicy { get; set; } = WalFsyncPolicy.Always;

    /// <summary>With <see cref="WalFsyncPolicy.Interval"/>: the longest time written records stay unsynced. 1 ms .. 10 s; default 50 ms.</summary>
    public TimeSpan FsyncInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootDirectory))
        {
            throw new ArgumentException("LocalWalOptions.RootDirectory is required.", nameof(RootDirectory));
        }
        Check(SegmentSizeBytes is >= 64 << 10 and <= 4L << 30, nameof(SegmentSizeBytes), SegmentSizeBytes, "64 KiB .. 4 GiB");
        Check(MaxRecordBytes is >= 1 and <= 256 << 20, nameof(MaxRecordBytes), MaxRecordBytes, "1 .. 256 MiB");
        Check(MaxGroupCommitBytes is >= 4 << 10 and <= 1 << 30, nameof(MaxGroupCommitBytes), MaxGroupCommitBytes, "4 KiB .. 1 GiB");
        Check(Enum.IsDefined(FsyncPolicy), nameof(FsyncPolicy), FsyncPolicy, "Always, Interval or Never");
        Check(FsyncInterval >= TimeSpan.FromMilliseconds(1) && FsyncInterval <= TimeSpan.FromSeconds(10), nameof(FsyncInterval), FsyncInterval, "1 ms .. 10 s");
    }

    private static void Check(bool ok, string name, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"LocalWalOptions.{name} must be in {range}.");
        }
    }
}
