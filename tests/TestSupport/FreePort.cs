using System.Net;
using System.Net.Sockets;

namespace OrleansVector.TestSupport;

/// <summary>Free TCP ports on the loopback interface, for servers that tests start.</summary>
public static class FreePort
{
    /// <summary>Asks the OS for an unused loopback port. Another process could take it before it is bound, which is rare enough for tests.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
