namespace OrleansVector.Storage.Wal.Local;

/// <summary>What opening a local WAL found: where the valid records end, and what it cut off after them.</summary>
/// <param name="SegmentCount">Segment files of the channel after recovery.</param>
/// <param name="NextLsn">The LSN the next append gets.</param>
/// <param name="DiscardedBytes">Bytes removed from the end of the last segment (a torn or corrupt tail); 0 after a clean shutdown.</param>
/// <param name="DiscardReason">Why the tail was cut (the first check that failed and where); null when nothing was cut.</param>
public sealed record WalRecoveryResult(int SegmentCount, long NextLsn, long DiscardedBytes, string? DiscardReason);
