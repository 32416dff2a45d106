namespace OrleansVector.Storage.Wal;

/// <summary>Opens the write-ahead log of a channel. One open log per channel per process: the owner holds it.</summary>
public interface IWriteAheadLogProvider
{
    /// <summary>Opens (recovering if needed) or creates the log of <paramref name="channel"/>.</summary>
    /// <exception cref="ArgumentException">The channel name is empty or contains characters outside [A-Za-z0-9_.-].</exception>
    ValueTask<IWriteAheadLog> OpenAsync(string channel, CancellationToken cancellationToken = default);
}
