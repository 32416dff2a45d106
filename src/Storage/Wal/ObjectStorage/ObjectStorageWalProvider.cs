using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>Opens object-storage WAL channels; each open takes ownership of the channel (see <see cref="ObjectStorageWriteAheadLog"/>).</summary>
public sealed class ObjectStorageWalProvider : IWriteAheadLogProvider
{
    private readonly IMetadataStore _metadata;
    private readonly IObjectStore _objects;
    private readonly ObjectStorageWalOptions _options;
    private readonly ILogger _logger;

    public ObjectStorageWalProvider(IMetadataStore metadata, IObjectStore objects, ObjectStorageWalOptions options, ILogger<ObjectStorageWriteAheadLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _metadata = metadata;
        _objects = objects;
        _options = options;
        _logger = logger ?? NullLogger<ObjectStorageWriteAheadLog>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<IWriteAheadLog> OpenAsync(string channel, CancellationToken cancellationToken = default) =>
        await ObjectStorageWriteAheadLog.OpenAsync(_metadata, _objects, channel, _options, _logger, cancellationToken);
}
