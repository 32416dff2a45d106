using System.Globalization;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>A gateway whose gRPC server allows two streams per connection and request messages of at most 1 KB.</summary>
public sealed class LimitedGrpcServerFixture : GrpcServerFixture
{
    public const int MaxConcurrentStreams = 2;
    public const int MaxReceiveMessageSize = 1024;

    public LimitedGrpcServerFixture()
        : base(new()
        {
            ["Gateway:Grpc:MaxConcurrentStreams"] = MaxConcurrentStreams.ToString(CultureInfo.InvariantCulture),
            ["Gateway:Grpc:MaxReceiveMessageSize"] = MaxReceiveMessageSize.ToString(CultureInfo.InvariantCulture),
        })
    {
    }
}
