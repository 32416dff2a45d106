using System.Buffers;
using System.Text;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>Calls over raw HTTP/2: the frames of a response, requests cut into every frame shape a client may use, many streams at once.</summary>
public sealed class Http2RequestTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Fact]
    public void A_unary_call_gets_headers_one_data_frame_and_trailers_ending_the_stream()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        client.SendCall(1, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        var response = client.ReadResponse(1);

        Assert.Equal("200", response.Header(":status"));
        Assert.Equal("application/grpc", response.Header("content-type"));
        Assert.Null(response.Header("grpc-status")); // not Trailers-Only: the status comes after the message
        Assert.Single(response.DataFrames);
        Assert.NotNull(response.Trailers);
        Assert.Equal([new HpackHeaderField("grpc-status", "0")], response.Trailers);
        MilvusCalls.AssertVersion(response);
    }

    [Fact]
    public void The_server_settings_announce_its_stream_limit()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        Assert.Equal((uint)new Gateway.Grpc.GrpcServerOptions().MaxConcurrentStreams, client.ServerSettings[Http2Setting.MaxConcurrentStreams]);
    }

    [Fact]
    public void Headers_over_continuation_frames_and_a_body_over_padded_data_frames_make_one_call()
    {
        const string name = "split_across_many_frames";
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var block = RawHttp2Client.RequestHeaders(MilvusCalls.DescribeCollection);
        var body = MilvusCalls.DescribeCollectionRequest(name);

        // HEADERS padded and with priority fields, then two CONTINUATIONs, the last ending the block.
        var third = block.Length / 3;
        client.Send(Http2FrameType.Headers, Http2FrameFlags.Padded | Http2FrameFlags.Priority, 1,
            [7, 0, 0, 0, 0, 15, .. block[..third], .. new byte[7]]);
        client.Send(Http2FrameType.Continuation, Http2FrameFlags.None, 1, block[third..(2 * third)]);
        client.Send(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, block[(2 * third)..]);
        // The body three bytes per DATA frame, each padded by a different amount, with an empty padded frame among them.
        for (var at = 0; at < body.Length; at += 3)
        {
            var chunk = body[at..Math.Min(at + 3, body.Length)];
            var padding = (byte)(at % 5);
            client.Send(Http2FrameType.Data, Http2FrameFlags.Padded, 1, [padding, .. chunk, .. new byte[padding]]);
            if (at == 3)
            {
                client.Send(Http2FrameType.Data, Http2FrameFlags.Padded, 1, [2, 0, 0]);
            }
        }
        client.Send(Http2FrameType.Data, Http2FrameFlags.Padded | Http2FrameFlags.EndStream, 1, [4, 0, 0, 0, 0]);

        MilvusCalls.AssertNoSuchCollection(client.ReadResponse(1), name);
    }

    [Fact]
    public void Unknown_frame_types_and_priority_frames_are_ignored_and_request_trailers_end_the_call()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        const Http2FrameType unknown = (Http2FrameType)0xfa;

        client.Send(unknown, (Http2FrameFlags)0xff, 0, [1, 2, 3]);
        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.Send(Http2FrameType.Priority, Http2FrameFlags.None, 1, [0, 0, 0, 0, 200]);
        client.Send(unknown, Http2FrameFlags.None, 1, new byte[100]);
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: false);
        client.SendHeaders(1, Trailers(), endStream: true);

        MilvusCalls.AssertVersion(client.ReadResponse(1));
    }

    [Fact]
    public void Header_blocks_that_index_into_the_dynamic_table_and_use_huffman_strings_are_decoded_across_streams()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var path = Encoding.ASCII.GetBytes(MilvusCalls.GetVersion);
        // Literals with incremental indexing, as nghttp2 (grpc-js) sends them; :authority Huffman-coded (RFC 7541 C.4.1).
        byte[] indexing =
        [
            0x83, 0x86,
            0x44, (byte)path.Length, .. path,
            0x41, 0x8c, .. Convert.FromHexString("f1e3c2e5f23a6ba0ab90f4ff"),
            0x5f, 0x10, .. "application/grpc"u8,
            0x40, 0x02, .. "te"u8, 0x08, .. "trailers"u8,
        ];
        // The same four fields again by their dynamic table indexes: :path 65, :authority 64, content-type 63, te 62.
        byte[] indexed = [0x83, 0x86, 0xc1, 0xc0, 0xbf, 0xbe];
        // A table emptied and restored to 4,096 bytes by size updates at the start of a block, then static-only fields.
        byte[] resized = [0x20, 0x3f, 0xe1, 0x1f, .. RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion)];

        client.SendHeaders(1, indexing, endStream: false);
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: true);
        client.SendHeaders(3, indexed, endStream: false);
        client.SendData(3, MilvusCalls.GetVersionRequest, endStream: true);
        client.SendHeaders(5, resized, endStream: false);
        client.SendData(5, MilvusCalls.GetVersionRequest, endStream: true);
        var responses = client.ReadResponses([1, 3, 5]);

        Assert.All(responses.Values, MilvusCalls.AssertVersion);
    }

    [Fact]
    public void Request_bodies_interleaved_frame_by_frame_across_streams_each_reach_their_own_call()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var streams = Enumerable.Range(0, 10).Select(i => 2 * i + 1).ToArray();
        var bodies = streams.ToDictionary(id => id, id => MilvusCalls.DescribeCollectionRequest($"interleaved{id}x"));

        foreach (var id in streams)
        {
            client.SendHeaders(id, RawHttp2Client.RequestHeaders(MilvusCalls.DescribeCollection), endStream: false);
        }
        for (var at = 0; streams.Any(id => at < bodies[id].Length); at += 2)
        {
            foreach (var id in streams.Where(id => at < bodies[id].Length))
            {
                var body = bodies[id];
                client.SendData(id, body[at..Math.Min(at + 2, body.Length)], endStream: at + 2 >= body.Length);
            }
        }
        var responses = client.ReadResponses(streams);

        Assert.All(streams, id => MilvusCalls.AssertNoSuchCollection(responses[id], $"interleaved{id}x"));
    }

    [Fact]
    public void After_the_client_sends_goaway_its_call_in_flight_still_completes()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.Send(Http2FrameType.GoAway, Http2FrameFlags.None, 0, new byte[8]); // last stream 0, NO_ERROR
        client.SendData(1, MilvusCalls.GetVersionRequest, endStream: true);

        MilvusCalls.AssertVersion(client.ReadResponse(1));
    }

    [Fact]
    public void A_preface_and_frames_arriving_one_byte_at_a_time_are_read_whole()
    {
        using var client = RawHttp2Client.Connect(fixture.EndPoint);
        var frames = new ArrayBufferWriter<byte>();
        frames.Write(Http2Frame.ClientPreface);
        Http2Frame.Write(frames, Http2FrameType.Settings, Http2FrameFlags.None, 0, []);
        Http2Frame.Write(frames, Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion));
        Http2Frame.Write(frames, Http2FrameType.Data, Http2FrameFlags.EndStream, 1, MilvusCalls.GetVersionRequest);

        foreach (var octet in frames.WrittenSpan)
        {
            client.SendRaw([octet]);
        }

        MilvusCalls.AssertVersion(client.ReadResponse(1));
    }

    [Fact]
    public void A_data_frame_of_exactly_the_default_max_frame_size_is_accepted()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        // GetVersionRequest has no fields: a string field 2 of another message is an unknown field it skips.
        var body = GrpcFrame.ToArray(new ShowCollectionsRequest { DbName = new string('x', Http2Frame.DefaultMaxFrameSize - GrpcFrame.HeaderLength - 3) });
        Assert.Equal(Http2Frame.DefaultMaxFrameSize, body.Length);

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(MilvusCalls.GetVersion), endStream: false);
        client.Send(Http2FrameType.Data, Http2FrameFlags.EndStream, 1, body);

        MilvusCalls.AssertVersion(client.ReadResponse(1));
    }

    [Fact]
    public void A_response_header_block_larger_than_the_max_frame_size_comes_in_continuation_frames()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var path = GrpcReply.Milvus + new string('x', 20_000); // UNIMPLEMENTED names the path in grpc-message

        client.SendCall(1, path, MilvusCalls.GetVersionRequest);
        var response = client.ReadResponse(1);

        Assert.Equal(GrpcStatusCode.Unimplemented, response.Status);
        Assert.Contains(path, response.Header(GrpcFrame.MessageHeader), StringComparison.Ordinal);
        Assert.InRange(client.LargestFrameReceived, 1, Http2Frame.DefaultMaxFrameSize);
    }

    [Fact]
    public void Fifty_calls_sent_before_any_response_is_read_each_get_their_own_response()
    {
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var streams = Enumerable.Range(0, 50).Select(i => 2 * i + 1).ToArray();

        foreach (var id in streams)
        {
            if (id % 4 == 1)
            {
                client.SendCall(id, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
            }
            else
            {
                client.SendCall(id, MilvusCalls.DescribeCollection, MilvusCalls.DescribeCollectionRequest($"stream{id}x"));
            }
        }
        var responses = client.ReadResponses(streams);

        foreach (var id in streams)
        {
            if (id % 4 == 1)
            {
                MilvusCalls.AssertVersion(responses[id]);
            }
            else
            {
                MilvusCalls.AssertNoSuchCollection(responses[id], $"stream{id}x");
            }
        }
    }

    /// <summary>A header block of request trailers (a gRPC client sends none, but HTTP/2 allows them).</summary>
    private static byte[] Trailers()
    {
        var block = new ArrayBufferWriter<byte>();
        HpackEncoder.WriteLiteral(block, "x-request-trailer", "1");
        return block.WrittenSpan.ToArray();
    }
}
