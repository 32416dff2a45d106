namespace OrleansVector.Silo.Tests;

/// <summary>How long a silo process may take to start (a cold JIT on a loaded machine) and to stop gracefully.</summary>
internal static class SiloTimeouts
{
    public static readonly TimeSpan Start = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Shutdown = TimeSpan.FromSeconds(10);
}
