using OrleansVector.Gateway.Hosting;

namespace OrleansVector.Silo.Hosting;

/// <summary>
/// Starts the database silo before the listeners open and stops it after they closed (the web server's hosted service
/// is registered after this one), so no call arrives at a stopping silo and every grain deactivates before exit.
/// </summary>
internal sealed class DatabaseSiloService(DatabaseSilo database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => database.StopAsync(cancellationToken);
}
