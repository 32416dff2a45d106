using System.Globalization;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Held calls on a gRPC server that serves two client connections at once.</summary>
public sealed class TwoConnectionsFixture : HeldCallsFixture
{
    public const int MaxConnections = 2;

    public TwoConnectionsFixture()
        : base(new() { ["Gateway:Grpc:MaxConnections"] = MaxConnections.ToString(CultureInfo.InvariantCulture) })
    {
    }
}
