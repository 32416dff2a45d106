using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Grains.Tests.Coordinator;

/// <summary>Tests that talk to a coordinator on a fresh silo over a fresh data folder, removed afterwards.</summary>
public abstract class CoordinatorTest : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ov-coordinator-" + Guid.NewGuid().ToString("N"));

    protected CoordinatorSilo Silo { get; private set; } = null!;

    protected ICoordinatorGrain Coordinator => Silo.Coordinator;

    public async Task InitializeAsync() => Silo = await CoordinatorSilo.StartAsync(_dataDirectory, ConfigureSilo);

    /// <summary>Settings of the silos this test starts.</summary>
    protected virtual void ConfigureSilo(SiloBuilder builder)
    {
    }

    /// <summary>Stops the silo and starts a new one over the same data: a coordinator reactivated from the metadata store.</summary>
    protected async Task RestartAsync()
    {
        await Silo.DisposeAsync();
        Silo = await CoordinatorSilo.StartAsync(_dataDirectory, ConfigureSilo);
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
