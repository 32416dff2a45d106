namespace OrleansVector.Storage.Wal.Local;

/// <summary>Opens local WALs, one folder per channel under <see cref="LocalWalOptions.RootDirectory"/>.</summary>
public sealed class LocalWriteAheadLogProvider : IWriteAheadLogProvider
{
    private readonly LocalWalOptions _options;
    private readonly TimeProvider _time;

    public LocalWriteAheadLogProvider(LocalWalOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public async ValueTask<IWriteAheadLog> OpenAsync(string channel, CancellationToken cancellationToken = default) =>
        await LocalWriteAheadLog.OpenAsync(channel, _options, _time, cancellationToken);
}
