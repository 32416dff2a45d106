using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>A gateway serving only GetVersion and a ShowCollections whose calls wait until the test releases them (<see cref="HeldCalls"/>).</summary>
public sealed class HeldCallsFixture : GrpcServerFixture
{
    public HeldCallsFixture()
        : this(new HeldCalls())
    {
    }

    private HeldCallsFixture(HeldCalls calls)
        : base([], services => services.AddSingleton(new GrpcMethodTable(MilvusServiceMethods.CreateBuilder()
            .AddUnary<GetVersionRequest, GetVersionResponse>("GetVersion",
                (_, _) => ValueTask.FromResult(new GetVersionResponse { Status = new Status(), Version = ServerVersion }))
            .AddUnary<ShowCollectionsRequest, ShowCollectionsResponse>("ShowCollections", calls.Handle)
            .Methods)))
    {
        Calls = calls;
    }

    internal HeldCalls Calls { get; }
}
