namespace OrleansVector.Storage.Wal.Local;

/// <summary>When the local WAL calls fsync, which decides what an acknowledged append survives.</summary>
public enum WalFsyncPolicy
{
    /// <summary>
    /// Every group commit is fsynced before its appends complete: an acknowledged record survives a process crash
    /// and a power loss. Concurrent appends share one fsync (group commit). The default.
    /// </summary>
    Always = 0,

    /// <summary>
    /// Appends complete once written to the OS; the log fsyncs at most <see cref="LocalWalOptions.FsyncInterval"/>
    /// later. Survives a process crash; a power loss can lose up to one interval of acknowledged records.
    /// </summary>
    Interval = 1,

    /// <summary>
    /// Never fsyncs (the OS writes back when it likes). Survives a process crash only. For tests and throwaway data.
    /// </summary>
    Never = 2,
}
