using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>A server at its connection limit closes new connections and keeps serving the ones it has.</summary>
public sealed class Http2ConnectionLimitTests(TwoConnectionsFixture fixture) : IClassFixture<TwoConnectionsFixture>
{
    [Fact]
    public async Task A_connection_beyond_max_connections_is_closed_and_the_others_are_served()
    {
        using var first = RawHttp2Client.Open(fixture.EndPoint);
        var firstCall = await fixture.Calls.StartAsync(first, 1, "first_connection");
        using var second = RawHttp2Client.Open(fixture.EndPoint);
        var secondCall = await fixture.Calls.StartAsync(second, 1, "second_connection");

        using var third = RawHttp2Client.Connect(fixture.EndPoint);
        third.SendRaw(Http2Frame.ClientPreface); // a served connection would answer with SETTINGS
        var thirdGot = third.ReadToEnd();
        firstCall.Release();
        secondCall.Release();

        Assert.Empty(thirdGot);
        HeldCalls.AssertAnswered(first.ReadResponse(1), "first_connection");
        HeldCalls.AssertAnswered(second.ReadResponse(1), "second_connection");
    }
}
