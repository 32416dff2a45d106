using System.Net.Sockets;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// Stopping the gRPC server: GOAWAY NO_ERROR to every client, new streams refused, calls in flight finish (or are
/// cancelled when the stop runs out of time), then the connections and the port close.
/// </summary>
public sealed class GrpcServerStopTests(HeldCallsFixture fixture) : IClassFixture<HeldCallsFixture>
{
    [Fact]
    public async Task Stop_sends_goaway_no_error_closes_the_connection_and_refuses_new_ones()
    {
        await using var server = fixture.StartSecondServer(out var endPoint);
        using var client = RawHttp2Client.Open(endPoint);

        await server.StopAsync(CancellationToken.None).WaitAsync(HeldCalls.Limit);
        var goAway = client.ReadGoAwayAndClose();

        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(0, goAway.LastStreamId);
        Assert.Throws<SocketException>(() => RawHttp2Client.Connect(endPoint).Dispose());
    }

    [Fact]
    public async Task A_request_in_flight_when_the_server_stops_completes_and_a_new_stream_is_refused()
    {
        await using var server = fixture.StartSecondServer(out var endPoint);
        using var client = RawHttp2Client.Open(endPoint);
        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.Sync([]); // stream 1 is open on the server

        var stopping = server.StopAsync(CancellationToken.None);
        var goAway = client.Read();
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var refused = client.ReadResponse(3);
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: true);
        var inFlight = client.ReadResponse(1);
        await stopping.WaitAsync(HeldCalls.Limit);

        Assert.Equal((Http2FrameType.GoAway, Http2ErrorCode.NoError, 1), (goAway.Type, goAway.ErrorCode, goAway.LastStreamId));
        Assert.Equal(Http2ErrorCode.RefusedStream, refused.Reset);
        MilvusCalls.AssertVersion(inFlight);
        Assert.Null(client.ReadOrEnd());
    }

    [Fact]
    public async Task A_stop_waits_for_a_running_call_and_closes_the_connection_once_it_is_answered()
    {
        await using var server = fixture.StartSecondServer(out var endPoint);
        using var client = RawHttp2Client.Open(endPoint);
        var call = await fixture.Calls.StartAsync(client, 1, "stop_waits");

        var stopping = server.StopAsync(CancellationToken.None);
        var goAway = client.Read();
        Assert.False(stopping.IsCompleted, "The stop completed while a call was still running.");
        call.Release();
        var answered = client.ReadResponse(1);
        await stopping.WaitAsync(HeldCalls.Limit);

        Assert.Equal((Http2FrameType.GoAway, Http2ErrorCode.NoError, 1), (goAway.Type, goAway.ErrorCode, goAway.LastStreamId));
        HeldCalls.AssertAnswered(answered, "stop_waits");
        Assert.Null(client.ReadOrEnd());
        Assert.False(call.Cancelled.IsCompleted);
    }

    [Fact]
    public async Task A_stop_out_of_time_cancels_the_running_call_and_closes_the_connection_without_its_response()
    {
        await using var server = fixture.StartSecondServer(out var endPoint);
        using var client = RawHttp2Client.Open(endPoint);
        var call = await fixture.Calls.StartAsync(client, 1, "stop_out_of_time");

        await server.StopAsync(new CancellationToken(canceled: true)).WaitAsync(HeldCalls.Limit);
        var goAway = client.ReadGoAwayAndClose();
        await call.Cancelled.WaitAsync(HeldCalls.Limit);

        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
    }
}
