namespace OrleansVector.Storage.Wal;

/// <summary>One record read back from a write-ahead log. <see cref="Payload"/> is borrowed from the reader.</summary>
public readonly record struct WalRecord(long Lsn, ReadOnlyMemory<byte> Payload);
