using OrleansVector.TestSupport;

namespace OrleansVector.Compat.Tests;

/// <summary>Starts a silo process for an SDK test and waits until it serves.</summary>
internal static class ReadySilo
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a graceful stop (SIGTERM) may take.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<SiloProcess> StartAsync(params string[] arguments)
    {
        var silo = SiloProcess.Start(null, arguments);
        try
        {
            await silo.WaitUntilReadyAsync(StartTimeout);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The address SDKs take: host:port of the gRPC listener.</summary>
    public static string GrpcAddress(this SiloProcess silo) => $"127.0.0.1:{silo.GrpcPort}";
}
