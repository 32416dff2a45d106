using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Calls that run for a while: they do not hold up the other streams of their connection, and a client reset or a closed connection cancels them.</summary>
public sealed class Http2CallLifetimeTests(HeldCallsFixture fixture) : IClassFixture<HeldCallsFixture>
{
    [Fact]
    public async Task A_running_call_does_not_hold_up_the_other_calls_of_its_connection()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        var call = await fixture.Calls.StartAsync(client, 1, "head_of_line");
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var other = client.ReadResponse(3); // a frame on stream 1 would fail the read: it is still running
        call.Release();
        var held = client.ReadResponse(1);

        MilvusCalls.AssertVersion(other);
        HeldCalls.AssertAnswered(held, "head_of_line");
    }

    [Fact]
    public async Task A_lone_call_runs_on_the_connection_thread_and_once_calls_overlap_every_call_runs_on_the_pool()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        var alone = await fixture.Calls.StartAsync(client, 1, "alone");
        alone.Release();
        HeldCalls.AssertAnswered(client.ReadResponse(1), "alone");
        var first = await fixture.Calls.StartAsync(client, 3, "overlapping_1");
        var second = await fixture.Calls.StartAsync(client, 5, "overlapping_2");
        first.Release();
        second.Release();
        client.ReadResponses([3, 5]);
        var after = await fixture.Calls.StartAsync(client, 7, "after_overlap");
        after.Release();
        HeldCalls.AssertAnswered(client.ReadResponse(7), "after_overlap");

        Assert.False(alone.OnThreadPool, "A call the client waits for alone runs on the connection's thread.");
        Assert.True(second.OnThreadPool, "A call that overlaps another runs on the pool.");
        Assert.True(after.OnThreadPool, "Once calls overlapped, the connection's calls run on the pool.");
    }

    [Fact]
    public async Task A_client_reset_cancels_its_running_call_and_nothing_more_is_sent_on_the_stream()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        var call = await fixture.Calls.StartAsync(client, 1, "reset_running");
        client.SendRstStream(1, Http2ErrorCode.Cancel);
        await call.Cancelled.WaitAsync(HeldCalls.Limit);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        MilvusCalls.AssertVersion(client.ReadResponse(3)); // a frame on stream 1 would fail the read
    }

    [Fact]
    public async Task Data_after_the_request_ended_resets_the_running_call_with_stream_closed()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        var call = await fixture.Calls.StartAsync(client, 1, "data_after_end");
        client.SendData(1, [0, 0, 0, 0, 0], endStream: true); // RFC 9113 5.1: half-closed (remote)
        client.ReadInto(responses, () => responses[1].Ended);
        await call.Cancelled.WaitAsync(HeldCalls.Limit);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        Assert.Equal(Http2ErrorCode.StreamClosed, responses[1].Reset);
        Assert.Null(responses[1].Headers);
        MilvusCalls.AssertVersion(client.ReadResponse(3));
    }

    [Fact]
    public async Task Window_update_priority_and_ping_while_a_call_runs_leave_it_running()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        var call = await fixture.Calls.StartAsync(client, 1, "frames_while_running");
        client.SendWindowUpdate(1, 1000);
        client.Send(Http2FrameType.Priority, Http2FrameFlags.None, 1, [0, 0, 0, 0, 16]);
        client.Sync(responses);
        call.Release();
        client.ReadInto(responses, () => responses[1].Ended);

        Assert.False(call.Cancelled.IsCompleted);
        HeldCalls.AssertAnswered(responses[1], "frames_while_running");
    }

    [Fact]
    public async Task Closing_the_connection_cancels_its_running_calls()
    {
        HeldCall first, second;
        using (var client = RawHttp2Client.Open(fixture.EndPoint))
        {
            first = await fixture.Calls.StartAsync(client, 1, "closed_1");
            second = await fixture.Calls.StartAsync(client, 3, "closed_2");
        }

        await Task.WhenAll(first.Cancelled, second.Cancelled).WaitAsync(HeldCalls.Limit);
    }
}
