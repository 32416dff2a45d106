using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Stopping the gRPC server: GOAWAY NO_ERROR to every client, calls in flight finish, then the connections and the port close.</summary>
public sealed class GrpcServerStopTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    /// <summary>Bounds a stop that never completes, so a hang fails the test instead of the run.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stop_sends_goaway_no_error_closes_the_connection_and_refuses_new_ones()
    {
        await using var server = StartServer(out var endPoint);
        using var client = RawHttp2Client.Open(endPoint);

        await server.StopAsync(CancellationToken.None).WaitAsync(StopLimit);
        var goAway = client.ReadGoAwayAndClose();

        Assert.Equal(Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(0, goAway.LastStreamId);
        Assert.Throws<SocketException>(() => RawHttp2Client.Connect(endPoint).Dispose());
    }

    [Fact]
    public async Task A_call_in_flight_when_the_server_stops_completes_and_a_new_stream_is_refused()
    {
        await using var server = StartServer(out var endPoint);
        using var client = RawHttp2Client.Open(endPoint);
        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.Sync([]); // stream 1 is open on the server

        var stopping = server.StopAsync(CancellationToken.None);
        var goAway = client.Read();
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var refused = client.ReadResponse(3);
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: true);
        var inFlight = client.ReadResponse(1);
        await stopping.WaitAsync(StopLimit);

        Assert.Equal((Http2FrameType.GoAway, Http2ErrorCode.NoError, 1), (goAway.Type, goAway.ErrorCode, goAway.LastStreamId));
        Assert.Equal(Http2ErrorCode.RefusedStream, refused.Reset);
        MilvusCalls.AssertVersion(inFlight);
        Assert.Null(client.ReadOrEnd());
    }

    /// <summary>A second gRPC server over the fixture's dispatcher, on a port of its own.</summary>
    private GrpcServer StartServer(out IPEndPoint endPoint)
    {
        var server = new GrpcServer(fixture.Server.Services.GetRequiredService<GrpcDispatcher>(), NullLogger<GrpcServer>.Instance);
        endPoint = server.Start(new IPEndPoint(IPAddress.Loopback, 0));
        return server;
    }
}
