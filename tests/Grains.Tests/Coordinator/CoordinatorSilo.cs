using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Grains.Tests.Coordinator;

/// <summary>A started standalone silo with the coordinator over local storage in <see cref="DataDirectory"/>.</summary>
public sealed class CoordinatorSilo : IAsyncDisposable
{
    private readonly Silo _silo;
    private readonly DatabaseStorage _storage;

    private CoordinatorSilo(Silo silo, DatabaseStorage storage, string dataDirectory)
    {
        _silo = silo;
        _storage = storage;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public DatabaseStorage Storage => _storage;

    public ICoordinatorGrain Coordinator => _silo.GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);

    public static async Task<CoordinatorSilo> StartAsync(string dataDirectory, Action<SiloBuilder>? configure = null)
    {
        var storage = DatabaseStorage.OpenLocal(new DatabaseStorageOptions { DataDirectory = dataDirectory, FsyncObjects = false });
        var builder = new SiloBuilder()
            .AddCoordinatorGrains()
            .Configure<SiloOptions>(o => o.SiloName = "coordinator-test");
        builder.Services.AddSingleton(storage);
        configure?.Invoke(builder);
        var silo = builder.Build();
        await silo.StartAsync();
        return new CoordinatorSilo(silo, storage, dataDirectory);
    }

    /// <summary>Stops the silo gracefully and closes the storage, leaving the data folder for a restart.</summary>
    public async ValueTask DisposeAsync()
    {
        await _silo.StopAsync();
        await _silo.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
