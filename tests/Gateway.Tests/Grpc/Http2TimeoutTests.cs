using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Connections that never start, go idle, or reset their calls while the calls keep running.</summary>
public sealed class Http2TimeoutTests(ShortTimeoutsFixture fixture) : IClassFixture<ShortTimeoutsFixture>
{
    [Fact]
    public void A_connection_that_sends_no_preface_is_closed_after_the_handshake_timeout()
    {
        using var client = RawHttp2Client.Connect(fixture.EndPoint);

        Assert.Empty(client.ReadToEnd()); // the server says nothing before the client's preface, then closes
    }

    [Fact]
    public async Task An_idle_connection_is_closed_with_goaway_while_one_with_a_call_running_stays_open()
    {
        using var busy = RawHttp2Client.Open(fixture.EndPoint);
        var call = await fixture.Calls.StartAsync(busy, 1, "longer_than_idle");
        using var idle = RawHttp2Client.Open(fixture.EndPoint);
        idle.SendCall(1, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        MilvusCalls.AssertVersion(idle.ReadResponse(1));

        // The idle connection's GOAWAY marks a full idle timeout; the busy one has received nothing for longer than that.
        var goAway = idle.ReadGoAwayAndClose();
        call.Release();
        var answer = busy.ReadResponse(1);

        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        HeldCalls.AssertAnswered(answer, "longer_than_idle");
    }

    [Fact]
    public async Task Calls_still_running_after_the_client_reset_them_hold_their_stream_slots_until_they_end()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var first = await fixture.Calls.StartAsync(client, 1, HeldCalls.Uncancellable + "_1");
        var second = await fixture.Calls.StartAsync(client, 3, HeldCalls.Uncancellable + "_2");
        client.SendRstStream(1, Http2ErrorCode.Cancel);
        client.SendRstStream(3, Http2ErrorCode.Cancel);

        client.SendCall(5, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var refused = client.ReadResponse(5);
        first.Release();
        second.Release();
        var served = ServedOnceSlotsFree(client, firstStreamId: 7);

        Assert.Equal(Http2ErrorCode.RefusedStream, refused.Reset);
        MilvusCalls.AssertVersion(served);
    }

    /// <summary>
    /// The released calls end on the server's thread pool, unseen by the client (their streams were reset): calls are
    /// sent until one is served, each refused one a round trip, within the usual receive limit.
    /// </summary>
    private static RawResponse ServedOnceSlotsFree(RawHttp2Client client, int firstStreamId)
    {
        var deadline = DateTime.UtcNow + RawHttp2Client.ReceiveTimeout;
        for (var id = firstStreamId; ; id += 2)
        {
            client.SendCall(id, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
            var response = client.ReadResponse(id);
            if (response.Reset != Http2ErrorCode.RefusedStream || DateTime.UtcNow > deadline)
            {
                return response;
            }
        }
    }
}
