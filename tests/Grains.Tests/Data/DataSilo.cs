using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Collections;
using OrleansVector.Grains.Interfaces.Compaction;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Segments;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>A started standalone silo with the coordinator and the data path over local storage in one folder.</summary>
internal sealed class DataSilo : IAsyncDisposable
{
    private readonly Silo _silo;
    private readonly DatabaseStorage _storage;

    private DataSilo(Silo silo, DatabaseStorage storage)
    {
        _silo = silo;
        _storage = storage;
    }

    public ICoordinatorGrain Coordinator => _silo.GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);

    public DatabaseStorage Storage => _storage;

    public ICompactorGrain Compactor => _silo.GrainFactory.GetGrain<ICompactorGrain>(CoordinatorKey.Value);

    public ICollectionGrain Collection(long id) => _silo.GrainFactory.GetGrain<ICollectionGrain>(id);

    public ISegmentGrain Segment(long id) => _silo.GrainFactory.GetGrain<ISegmentGrain>(id);

    /// <summary>
    /// Starts a silo over <paramref name="dataDirectory"/>; <paramref name="objects"/>, when given, wraps the local object
    /// store (a test that holds back reads of some objects).
    /// </summary>
    public static async Task<DataSilo> StartAsync(string dataDirectory, Action<DataPathOptions>? configure = null, Action<CoordinatorOptions>? configureCoordinator = null,
        Func<IObjectStore, IObjectStore>? objects = null)
    {
        var storage = DatabaseStorage.OpenLocal(new DatabaseStorageOptions { DataDirectory = dataDirectory, FsyncObjects = false });
        if (objects is not null)
        {
            // The same metadata store and WAL; only the object store is seen through the wrapper.
            storage = DatabaseStorage.Create(storage.Metadata, objects(storage.Objects), storage.Wal);
        }
        var builder = new SiloBuilder()
            .AddCoordinatorGrains()
            .AddDataPathGrains()
            .Configure<SiloOptions>(o => o.SiloName = "data-path-test")
            .Configure<DataPathOptions>(o => configure?.Invoke(o))
            .Configure<CoordinatorOptions>(o => configureCoordinator?.Invoke(o));
        builder.Services.AddSingleton(storage);
        var silo = builder.Build();
        await silo.StartAsync();
        return new DataSilo(silo, storage);
    }

    /// <summary>Stops the silo gracefully and closes the storage, leaving the data folder for a restart.</summary>
    public async ValueTask DisposeAsync()
    {
        await _silo.StopAsync();
        await _silo.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
