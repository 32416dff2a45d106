using System.Buffers;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// Streams that end early: reset by the client, refused beyond the server's stream limit, refused for an oversized
/// request before its body has arrived. The connection serves on after each.
/// </summary>
public sealed class Http2StreamTests(LimitedGrpcServerFixture fixture) : IClassFixture<LimitedGrpcServerFixture>
{
    [Fact]
    public void A_request_reset_half_sent_is_dropped_and_the_connection_serves_the_next_call()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.SendData(1, MilvusCalls.GetVersionRequest[..3], endStream: false);
        client.SendRstStream(1, Http2ErrorCode.Cancel);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        MilvusCalls.AssertVersion(client.ReadResponse(3)); // a frame on stream 1 would fail the read
    }

    [Fact]
    public void A_second_header_block_that_does_not_end_the_request_resets_the_stream_with_protocol_error()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var headers = RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        client.SendHeaders(1, headers, endStream: false);
        client.SendHeaders(1, headers, endStream: false); // RFC 9113 8.1: only trailers, which end the stream, may follow
        client.ReadInto(responses, () => responses[1].Ended);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        Assert.Equal(Http2ErrorCode.ProtocolError, responses[1].Reset);
        MilvusCalls.AssertVersion(client.ReadResponse(3));
    }

    [Fact]
    public void A_window_update_of_zero_resets_only_its_stream()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.SendWindowUpdate(1, 0);
        client.ReadInto(responses, () => responses[1].Ended);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        Assert.Equal(Http2ErrorCode.ProtocolError, responses[1].Reset);
        MilvusCalls.AssertVersion(client.ReadResponse(3));
    }

    [Fact]
    public void A_window_update_taking_a_stream_window_beyond_two_to_the_31_resets_the_stream_with_flow_control_error()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.SendWindowUpdate(1, int.MaxValue); // 65,535 + 2^31-1 (RFC 9113 6.9.1)
        client.Sync(responses);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        responses[3] = client.ReadResponse(3);

        Assert.Equal(Http2ErrorCode.FlowControlError, responses[1].Reset);
        MilvusCalls.AssertVersion(responses[3]);
    }

    [Fact]
    public void A_header_list_above_the_advertised_limit_fails_its_call_but_not_the_connection()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var limit = (int)client.ServerSettings[Http2Setting.MaxHeaderListSize];
        var block = new ArrayBufferWriter<byte>();
        block.Write(RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion));
        HpackEncoder.WriteLiteral(block, "x-large-metadata", new string('m', limit));
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        client.Send(Http2FrameType.Headers, Http2FrameFlags.None, 1, block.WrittenSpan[..Http2Frame.DefaultMaxFrameSize]);
        client.Send(Http2FrameType.Continuation, Http2FrameFlags.None, 1, block.WrittenSpan[Http2Frame.DefaultMaxFrameSize..(2 * Http2Frame.DefaultMaxFrameSize)]);
        client.Send(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, block.WrittenSpan[(2 * Http2Frame.DefaultMaxFrameSize)..]);
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: true);
        client.ReadInto(responses, () => responses[1].Reset is not null); // answered before the request ended: then reset
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var next = client.ReadResponse(3);

        Assert.Equal(GrpcStatusCode.ResourceExhausted, responses[1].Status);
        Assert.Null(responses[1].Trailers); // Trailers-Only
        Assert.Equal(Http2ErrorCode.NoError, responses[1].Reset);
        MilvusCalls.AssertVersion(next);
    }

    [Fact]
    public void A_stream_beyond_the_limit_is_refused_and_a_reset_stream_frees_its_slot()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var headers = RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion);

        client.SendHeaders(1, headers, endStream: false);
        client.SendHeaders(3, headers, endStream: false);
        client.SendHeaders(5, headers, endStream: false);
        var refused = client.ReadResponse(5);
        client.SendRstStream(1, Http2ErrorCode.Cancel);
        client.SendCall(7, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var afterReset = client.ReadResponse(7);
        client.SendData(3, MilvusCalls.GetVersionRequest, endStream: true);
        var held = client.ReadResponse(3);

        Assert.Equal(LimitedGrpcServerFixture.MaxConcurrentStreams, (int)client.ServerSettings[Http2Setting.MaxConcurrentStreams]);
        Assert.Equal(Http2ErrorCode.RefusedStream, refused.Reset);
        Assert.Null(refused.Headers);
        MilvusCalls.AssertVersion(afterReset);
        MilvusCalls.AssertVersion(held);
    }

    [Fact]
    public void A_second_message_in_a_unary_request_is_refused_before_the_request_ends()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.SendData(1, [.. MilvusCalls.GetVersionRequest, .. MilvusCalls.GetVersionRequest], endStream: false);
        client.ReadInto(responses, () => responses[1].Reset is not null);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var next = client.ReadResponse(3);

        Assert.Equal(GrpcStatusCode.Internal, responses[1].Status);
        Assert.Contains("more than one message", responses[1].Header(GrpcFrame.MessageHeader), StringComparison.Ordinal);
        Assert.Equal(Http2ErrorCode.NoError, responses[1].Reset);
        MilvusCalls.AssertVersion(next);
    }

    [Theory]
    [InlineData(new[] { 100 })]
    [InlineData(new[] { 1, 2, 2, 95 })] // the gRPC frame header itself over three DATA frames
    public void An_oversized_request_is_refused_before_its_body_ends_and_the_connection_serves_on(int[] firstFrames)
    {
        const int announced = 4 * LimitedGrpcServerFixture.MaxReceiveMessageSize;
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var body = new byte[GrpcFrame.HeaderLength + announced];
        GrpcFrame.WriteHeader(body, announced);
        var response = new RawResponse(1);
        var responses = new Dictionary<int, RawResponse> { [1] = response };

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        var sent = 0;
        foreach (var length in firstFrames)
        {
            client.SendData(1, body[sent..(sent + length)], endStream: false);
            sent += length;
        }
        client.ReadInto(responses, () => response.Reset is not null);
        // The client may go on sending before it sees the reset: the server drops the rest.
        client.SendData(1, body[sent..], endStream: true);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var next = client.ReadResponse(3);

        Assert.Equal("200", response.Header(":status"));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, response.Status); // Trailers-Only: the status is in the one header block
        Assert.Contains("larger than max", response.Header(GrpcFrame.MessageHeader), StringComparison.Ordinal);
        Assert.Null(response.Trailers);
        Assert.Empty(response.DataFrames);
        Assert.Equal(Http2ErrorCode.NoError, response.Reset);
        MilvusCalls.AssertVersion(next);
    }
}
