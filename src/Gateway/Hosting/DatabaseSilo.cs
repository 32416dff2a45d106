using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Hosting;
using OrleansVector.Runtime;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Hosting;
using RuntimeSilo = OrleansVector.Runtime.Hosting.Silo;
using RuntimeSiloOptions = OrleansVector.Runtime.Configuration.SiloOptions;

namespace OrleansVector.Gateway.Hosting;

/// <summary>
/// The database inside the process: the storage opened under the data folder and the runtime silo that hosts the
/// grains over it (standalone: in-memory membership and directory, silo-to-silo endpoint on a free loopback port).
/// The gateway reaches the grains through <see cref="GrainFactory"/>.
/// </summary>
public sealed class DatabaseSilo : IAsyncDisposable
{
    /// <summary>
    /// The membership table lives in this process, so no other silo can take over: the lease exists only to fence, and a
    /// fenced standalone silo drops every activation. With the default 10 s lease, a 9 s gap in keep-alives (index builds of
    /// 1M rows at load 40 on 2 cores) fenced the silo four times and lost the results of the builds in flight.
    /// </summary>
    private static readonly TimeSpan StandaloneLeaseTtl = TimeSpan.FromMinutes(10);

    private readonly RuntimeSilo _silo;
    private int _stopped;

    private DatabaseSilo(DatabaseStorage storage, RuntimeSilo silo)
    {
        Storage = storage;
        _silo = silo;
    }

    public DatabaseStorage Storage { get; }

    public IGrainFactory GrainFactory => _silo.GrainFactory;

    /// <summary>Opens the storage and builds (does not start) the silo with every database grain.</summary>
    public static DatabaseSilo Open(string dataDirectory, ILoggerFactory loggers, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        var storage = DatabaseStorage.OpenLocal(new DatabaseStorageOptions { DataDirectory = dataDirectory }, time, loggers);
        try
        {
            var builder = new SiloBuilder()
                .UseTimeProvider(time)
                .Configure<RuntimeSiloOptions>(o => o.SiloName = "standalone")
                .Configure<MembershipOptions>(o => o.LeaseTtl = StandaloneLeaseTtl);
            builder.Services.AddSingleton(loggers);
            builder.Services.AddSingleton(storage);
            DatabaseGrains.AddTo(builder);
            return new DatabaseSilo(storage, builder.Build());
        }
        catch
        {
            storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => _silo.StartAsync(cancellationToken);

    /// <summary>Graceful: every grain deactivates (OnDeactivateAsync runs), then the silo leaves; the storage stays open until disposal.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _silo.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _silo.DisposeAsync();
        await Storage.DisposeAsync();
    }
}
