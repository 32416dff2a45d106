namespace OrleansVector.Storage.Wal;

/// <summary>
/// The write-ahead log of one channel (a Milvus vchannel): an ordered sequence of opaque records, each named by a
/// log sequence number (LSN). LSNs are dense per channel: the first record ever appended is 0 and each append takes
/// the next number, so a reader can tell a gap from the end.
/// </summary>
/// <remarks>
/// Implementations: the local segmented-file log (Wal/Local, standalone) and the object-storage WAL
/// (cluster). Both are safe for concurrent appenders and readers.
/// </remarks>
public interface IWriteAheadLog : IAsyncDisposable
{
    /// <summary>The channel this log belongs to.</summary>
    string Channel { get; }

    /// <summary>The LSN the next append will get; every LSN below it is durable.</summary>
    long NextLsn { get; }

    /// <summary>The lowest LSN still readable (records below it were truncated away).</summary>
    long FirstLsn { get; }

    /// <summary>
    /// Appends one record (a batch, serialized by the caller). The returned task completes only once the record is
    /// durable under the log's durability policy; the result is the record's LSN. The caller may reuse
    /// <paramref name="record"/> once the task completes.
    /// </summary>
    /// <exception cref="ArgumentException">The record is empty or larger than the log's maximum record size.</exception>
    /// <exception cref="WalFencedException">Another owner took the channel over (object-storage WAL).</exception>
    ValueTask<long> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the durable records with LSN at or after <paramref name="fromLsn"/> in LSN order, up to the last record
    /// acknowledged when the read started, then ends. Starting below <see cref="FirstLsn"/> starts at FirstLsn.
    /// A record's payload is valid only until the enumerator moves on: copy it to keep it.
    /// </summary>
    /// <exception cref="WalCorruptException">A record that had been acknowledged cannot be verified.</exception>
    IAsyncEnumerable<WalRecord> ReadAsync(long fromLsn, CancellationToken cancellationToken = default);

    /// <summary>
    /// Declares every record below <paramref name="checkpointLsn"/> no longer needed (its data is in object storage).
    /// Those records stop being returned by reads; their space is reclaimed at the implementation's granularity.
    /// </summary>
    ValueTask TruncateBeforeAsync(long checkpointLsn, CancellationToken cancellationToken = default);
}
