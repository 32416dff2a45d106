using System.Text;
using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// Clients that break the HTTP/2 rules get a GOAWAY with the error code the RFC names and lose their connection, while
/// the server goes on serving new connections; PING and SETTINGS are answered.
/// </summary>
public sealed class Http2ConnectionErrorTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Fact]
    public void A_stream_opened_with_an_even_id_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.SendHeaders(2, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false));

    [Fact]
    public void A_stream_id_lower_than_one_already_used_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c =>
        {
            c.SendCall(5, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
            MilvusCalls.AssertVersion(c.ReadResponse(5));
            c.SendHeaders(3, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        });

    [Fact]
    public void A_continuation_without_headers_before_it_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c =>
            c.Send(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion)));

    [Fact]
    public void Headers_on_a_stream_that_already_ended_close_the_connection_and_the_goaway_names_the_last_stream()
    {
        using (var client = RawHttp2Client.Open(fixture.EndPoint))
        {
            client.SendCall(1, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
            MilvusCalls.AssertVersion(client.ReadResponse(1));

            client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
            var goAway = client.ReadGoAwayAndClose();

            Assert.Contains(goAway.ErrorCode, new[] { Http2ErrorCode.StreamClosed, Http2ErrorCode.ProtocolError });
            Assert.Equal(1, goAway.LastStreamId);
        }
        MilvusCalls.AssertServesNewConnection(fixture.EndPoint);
    }

    [Fact]
    public void A_first_frame_other_than_settings_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c =>
        {
            c.SendRaw(Http2Frame.ClientPreface);
            c.Send(Http2FrameType.Ping, Http2FrameFlags.None, 0, new byte[8]);
        }, handshake: false);

    [Fact]
    public void A_frame_larger_than_the_default_max_frame_size_is_a_frame_size_error() =>
        AssertConnectionError(Http2ErrorCode.FrameSizeError, c =>
        {
            c.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
            c.Send(Http2FrameType.Data, Http2FrameFlags.None, 1, new byte[Http2Frame.DefaultMaxFrameSize + 1]);
        });

    [Theory]
    [InlineData("80")] // indexed field 0, which does not exist
    [InlineData("be")] // dynamic table entry 62 while the table is empty
    [InlineData("3fe21f")] // a table size update to 4097, above the 4096 advertised
    public void A_malformed_header_block_is_a_compression_error(string block) =>
        AssertConnectionError(Http2ErrorCode.CompressionError, c => c.SendHeaders(1, Convert.FromHexString(block), endStream: true));

    [Fact]
    public void Data_on_a_stream_never_opened_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.SendData(7, MilvusCalls.GetVersionRequest, endStream: true));

    [Fact]
    public void A_window_update_of_zero_for_the_connection_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.SendWindowUpdate(0, 0));

    [Fact]
    public void A_window_update_beyond_two_to_the_31_is_a_flow_control_error() =>
        AssertConnectionError(Http2ErrorCode.FlowControlError, c => c.SendWindowUpdate(0, int.MaxValue));

    [Fact]
    public void An_initial_window_size_beyond_two_to_the_31_is_a_flow_control_error() =>
        AssertConnectionError(Http2ErrorCode.FlowControlError, c => c.SendSettings((Http2Setting.InitialWindowSize, 1u << 31)));

    [Fact]
    public void An_initial_window_size_taking_an_open_stream_window_beyond_two_to_the_31_is_a_flow_control_error() =>
        AssertConnectionError(Http2ErrorCode.FlowControlError, c =>
        {
            c.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
            c.SendWindowUpdate(1, int.MaxValue - Http2Frame.DefaultWindowSize); // the stream's window is now 2^31-1
            c.SendSettings((Http2Setting.InitialWindowSize, Http2Frame.DefaultWindowSize + 1)); // RFC 9113 6.9.2
        });

    [Fact]
    public void A_settings_frame_whose_length_is_not_a_multiple_of_six_is_a_frame_size_error() =>
        AssertConnectionError(Http2ErrorCode.FrameSizeError, c => c.Send(Http2FrameType.Settings, Http2FrameFlags.None, 0, new byte[5]));

    [Fact]
    public void A_frame_between_headers_and_their_continuation_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c =>
        {
            var block = RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion);
            c.Send(Http2FrameType.Headers, Http2FrameFlags.None, 1, block[..10]);
            c.Send(Http2FrameType.Ping, Http2FrameFlags.None, 0, new byte[8]);
        });

    [Fact]
    public void Push_promise_from_a_client_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.Send(Http2FrameType.PushPromise, Http2FrameFlags.EndHeaders, 1, new byte[4]));

    [Fact]
    public void Headers_on_stream_zero_are_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.SendHeaders(0, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: true));

    [Fact]
    public void Rst_stream_on_a_stream_never_opened_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.SendRstStream(9, Http2ErrorCode.Cancel));

    [Fact]
    public void Padding_as_long_as_the_data_frame_is_a_protocol_error() =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c =>
        {
            c.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
            c.Send(Http2FrameType.Data, Http2FrameFlags.Padded, 1, [3, 0, 0]);
        });

    [Fact]
    public void A_ping_of_seven_bytes_is_a_frame_size_error() =>
        AssertConnectionError(Http2ErrorCode.FrameSizeError, c => c.Send(Http2FrameType.Ping, Http2FrameFlags.None, 0, new byte[7]));

    [Theory]
    [InlineData(Http2Setting.MaxFrameSize, Http2Frame.DefaultMaxFrameSize - 1)]
    [InlineData(Http2Setting.MaxFrameSize, Http2Frame.MaxAllowedFrameSize + 1)]
    [InlineData(Http2Setting.EnablePush, 2)]
    public void A_setting_outside_its_range_is_a_protocol_error(Http2Setting setting, uint value) =>
        AssertConnectionError(Http2ErrorCode.ProtocolError, c => c.SendSettings((setting, value)));

    [Fact]
    public void A_ping_is_acknowledged_with_the_same_eight_bytes()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        byte[] payload = [1, 2, 3, 4, 250, 251, 252, 253];

        client.Send(Http2FrameType.Ping, Http2FrameFlags.None, 0, payload);
        var ack = client.Read();

        Assert.Equal((Http2FrameType.Ping, Http2FrameFlags.Ack, 0), (ack.Type, ack.Header.Flags, ack.StreamId));
        Assert.Equal(payload, ack.Payload);
    }

    [Fact]
    public void Settings_after_the_handshake_are_acknowledged_and_the_connection_serves_on()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        client.SendSettings((Http2Setting.HeaderTableSize, 1024), (Http2Setting.EnablePush, 0), ((Http2Setting)0x99, 7)); // unknown settings are ignored
        var ack = client.Read();
        client.SendCall(1, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);

        Assert.Equal((Http2FrameType.Settings, Http2FrameFlags.Ack, 0), (ack.Type, ack.Header.Flags, ack.StreamId));
        Assert.Empty(ack.Payload);
        MilvusCalls.AssertVersion(client.ReadResponse(1));
    }

    [Fact]
    public void Garbage_instead_of_the_preface_gets_a_goaway_and_the_connection_closes()
    {
        using (var client = RawHttp2Client.Connect(fixture.EndPoint))
        {
            // The start of a TLS ClientHello: a TLS client on the cleartext port.
            client.SendRaw(Convert.FromHexString("160301020001000200030300112233445566778899aabbcc"));
            Assert.Equal(Http2ErrorCode.ProtocolError, client.ReadGoAwayAndClose().ErrorCode);
        }
        MilvusCalls.AssertServesNewConnection(fixture.EndPoint);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")]
    [InlineData("POST /milvus.proto.milvus.MilvusService/GetVersion HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")]
    public void An_http1_request_gets_426_upgrade_required(string request)
    {
        using (var client = RawHttp2Client.Connect(fixture.EndPoint))
        {
            client.SendRaw(Encoding.ASCII.GetBytes(request));
            var reply = Encoding.ASCII.GetString(client.ReadToEnd());
            Assert.StartsWith("HTTP/1.1 426 ", reply, StringComparison.Ordinal);
            Assert.Contains("\r\nUpgrade: h2c\r\n", reply, StringComparison.Ordinal);
        }
        MilvusCalls.AssertServesNewConnection(fixture.EndPoint);
    }

    /// <summary>Runs <paramref name="misbehave"/> on a new connection, expects GOAWAY <paramref name="expected"/> and the close, then a call on another connection.</summary>
    private void AssertConnectionError(Http2ErrorCode expected, Action<RawHttp2Client> misbehave, bool handshake = true)
    {
        using (var client = RawHttp2Client.Connect(fixture.EndPoint))
        {
            if (handshake)
            {
                client.Handshake();
            }
            misbehave(client);
            var goAway = client.ReadGoAwayAndClose();
            Assert.True(expected == goAway.ErrorCode,
                $"Expected GOAWAY {expected}, got {goAway.ErrorCode}: {Encoding.UTF8.GetString(goAway.Payload.AsSpan(8))}");
        }
        MilvusCalls.AssertServesNewConnection(fixture.EndPoint);
    }
}
