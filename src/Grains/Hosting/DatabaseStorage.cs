using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Tso;
using OrleansVector.Storage.Wal;
using OrleansVector.Storage.Wal.Local;

namespace OrleansVector.Grains.Hosting;

/// <summary>
/// The storage services every grain of the database uses, opened once per silo: metadata store, object store, WAL
/// channels, the TSO and the id allocator. Grains receive it by constructor injection.
/// </summary>
public sealed class DatabaseStorage : IAsyncDisposable
{
    private DatabaseStorage(IMetadataStore metadata, IObjectStore objects, IWriteAheadLogProvider wal, TimestampOracle tso, IdAllocator ids)
    {
        Metadata = metadata;
        Objects = objects;
        Wal = wal;
        Tso = tso;
        Ids = ids;
    }

    public IMetadataStore Metadata { get; }

    public IObjectStore Objects { get; }

    public IWriteAheadLogProvider Wal { get; }

    /// <summary>Hybrid timestamps; only the coordinator allocates from it (other grains ask the coordinator).</summary>
    public TimestampOracle Tso { get; }

    /// <summary>Collection, partition, segment, index and auto-ID ids; only the coordinator allocates from it.</summary>
    public IdAllocator Ids { get; }

    /// <summary>Opens local storage under <see cref="DatabaseStorageOptions.DataDirectory"/> (standalone mode).</summary>
    public static DatabaseStorage OpenLocal(DatabaseStorageOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggers ??= NullLoggerFactory.Instance;
        var root = Path.GetFullPath(options.DataDirectory);
        var metadata = LocalMetadataStore.Open(
            new LocalMetadataStoreOptions { Directory = Path.Combine(root, "metadata") },
            loggers.CreateLogger<LocalMetadataStore>());
        var objects = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = Path.Combine(root, "objects"), Fsync = options.FsyncObjects });
        var wal = new LocalWriteAheadLogProvider(new LocalWalOptions { RootDirectory = Path.Combine(root, "wal") }, time);
        return Create(metadata, objects, wal, time, loggers);
    }

    /// <summary>Storage over services the caller opened (cluster mode: etcd, S3 and the object-storage WAL).</summary>
    public static DatabaseStorage Create(IMetadataStore metadata, IObjectStore objects, IWriteAheadLogProvider wal, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(wal);
        loggers ??= NullLoggerFactory.Instance;
        var tso = new TimestampOracle(metadata, new TimestampOracleOptions(), time, loggers.CreateLogger<TimestampOracle>());
        var ids = new IdAllocator(metadata, "global", new IdAllocatorOptions());
        return new DatabaseStorage(metadata, objects, wal, tso, ids);
    }

    public async ValueTask DisposeAsync()
    {
        if (Wal is IAsyncDisposable wal)
        {
            await wal.DisposeAsync();
        }
        await Metadata.DisposeAsync();
    }
}
