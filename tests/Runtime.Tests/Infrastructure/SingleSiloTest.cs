using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Tests.Infrastructure;

/// <summary>Tests that need one started silo, stopped gracefully after each test.</summary>
public abstract class SingleSiloTest : IAsyncLifetime
{
    private Silo _silo = null!;

    protected IGrainFactory Factory => _silo.GrainFactory;

    public async Task InitializeAsync() => _silo = await TestSilos.StartSiloAsync();

    public async Task DisposeAsync()
    {
        await _silo.StopAsync();
        await _silo.DisposeAsync();
    }
}
