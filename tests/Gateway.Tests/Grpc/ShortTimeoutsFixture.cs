using System.Globalization;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Held calls on a gRPC server that allows two streams per connection, one second for the preface and one second of idleness.</summary>
public sealed class ShortTimeoutsFixture : HeldCallsFixture
{
    public const int MaxConcurrentStreams = 2;

    public ShortTimeoutsFixture()
        : base(new()
        {
            ["Gateway:Grpc:MaxConcurrentStreams"] = MaxConcurrentStreams.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Grpc:HandshakeTimeout"] = "00:00:01",
            ["Gateway:Grpc:IdleTimeout"] = "00:00:01",
        })
    {
    }
}
