using Microsoft.Extensions.Hosting;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// The lifetime of the silo endpoint's internal web host: the silo starts and stops it, so it must not hook Ctrl+C or
/// process exit the way the default console lifetime does (that hook would block process exit on an undisposed host).
/// </summary>
internal sealed class NoConsoleLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
