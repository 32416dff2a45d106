using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>A gateway serving only GetVersion and a ShowCollections whose calls wait until the test releases them (<see cref="HeldCalls"/>).</summary>
public class HeldCallsFixture : GrpcServerFixture
{
    public HeldCallsFixture()
        : this([])
    {
    }

    /// <param name="settings">configuration keys such as Gateway:Grpc:IdleTimeout</param>
    protected HeldCallsFixture(Dictionary<string, string?> settings)
        : this(settings, new HeldCalls())
    {
    }

    private HeldCallsFixture(Dictionary<string, string?> settings, HeldCalls calls)
        : base(settings, services => services.AddSingleton(new GrpcMethodTable(MilvusServiceMethods.CreateBuilder()
            .AddUnary<GetVersionRequest, GetVersionResponse>("GetVersion",
                (_, _) => ValueTask.FromResult(new GetVersionResponse { Status = new Status(), Version = ServerVersion }))
            .AddUnary<ShowCollectionsRequest, ShowCollectionsResponse>("ShowCollections", calls.Handle)
            .Methods)))
    {
        Calls = calls;
    }

    internal HeldCalls Calls { get; }
}
