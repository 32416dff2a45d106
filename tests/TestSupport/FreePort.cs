using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansVector.TestSupport;

/// <summary>Free TCP ports on the loopback interface, for servers that tests start.</summary>
public static class FreePort
{
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// Asks the OS for an unused loopback port, never the same one twice in this process (the OS may offer a port again
    /// as soon as the probe closes it, and a silo given one port for two listeners refuses to start). Another process
    /// could still take it before it is bound, which is rare enough for tests.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
