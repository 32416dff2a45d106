using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansVector.Grains.Hosting;

namespace OrleansVector.Gateway.Auth;

/// <summary>
/// Watches the users' keys in the metadata store so that a password changed or a user deleted through any gateway of the
/// cluster stops working here at once, not only after <see cref="AuthOptions.VerifiedCacheLifetime"/>.
/// </summary>
internal sealed partial class CredentialChangeWatcher(DatabaseStorage storage, MilvusAuthenticator authenticator, TimeProvider time,
    ILogger<CredentialChangeWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!authenticator.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var watch = await storage.Metadata.WatchAsync(CredentialStore.KeyPrefix, 0, stoppingToken);
                await foreach (var change in watch.Events.ReadAllAsync(stoppingToken))
                {
                    authenticator.Forget(change.Key[CredentialStore.KeyPrefix.Length..]);
                }
                return; // The store closed.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Changes may have been missed while the watch was down: trust nothing remembered.
                LogWatchLost(logger, e);
                authenticator.ForgetAll();
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Watch of the users' credentials was lost; verified passwords are checked again")]
    private static partial void LogWatchLost(ILogger logger, Exception exception);
}
