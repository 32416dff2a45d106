using Google.Protobuf;
using OrleansVector.Gateway.Grpc;
using OrleansVector.Gateway.Http2;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>
/// Flow control both ways. Responses larger than the client's windows and frame size: an Insert into a collection with
/// long VARCHAR primary keys, whose MutationResult repeats every key (about 100 KB, more than the 65,535-byte connection
/// window). A request larger than the server's windows: 5 MB of vectors.
/// </summary>
public sealed class Http2FlowControlTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private const int LongKeyRows = 250;
    private const int KeyLength = 400;
    private const string Insert = GrpcReply.Milvus + "Insert";
    private const int SmallWindow = 100;

    [Fact]
    public async Task A_response_larger_than_the_windows_is_sent_only_as_they_open()
    {
        var (request, keys) = await CollectionWithLongKeys("flow_control");
        using var client = RawHttp2Client.Open(fixture.EndPoint, (Http2Setting.InitialWindowSize, SmallWindow)); // the connection window stays at its initial 65,535
        var responses = InsertFillingTheWindow(client, request);
        var response = responses[1];
        client.Sync(responses);
        Assert.Equal(SmallWindow, response.Body.Length);

        client.SendWindowUpdate(1, 30_000);
        client.ReadInto(responses, () => response.Body.Length >= SmallWindow + 30_000);
        client.Sync(responses);
        Assert.Equal(SmallWindow + 30_000, response.Body.Length);

        // A larger initial window widens the open stream's window too (RFC 9113 6.9.2); now the connection's limits.
        client.SendSettings((Http2Setting.InitialWindowSize, 1 << 20));
        client.ReadInto(responses, () => response.Body.Length >= Http2Frame.DefaultWindowSize);
        client.Sync(responses);
        Assert.Equal(Http2Frame.DefaultWindowSize, response.Body.Length);
        Assert.Null(response.Trailers);

        client.SendWindowUpdate(0, 1 << 20);
        client.ReadInto(responses, () => response.Ended);

        Assert.All(response.DataFrames, length => Assert.InRange(length, 1, Http2Frame.DefaultMaxFrameSize));
        AssertInserted(response, keys);
    }

    [Fact]
    public async Task A_smaller_initial_window_can_take_a_stream_window_below_zero_and_sending_waits_until_it_is_positive()
    {
        var (request, keys) = await CollectionWithLongKeys("negative_window");
        using var client = RawHttp2Client.Open(fixture.EndPoint, (Http2Setting.InitialWindowSize, SmallWindow));
        var responses = InsertFillingTheWindow(client, request);
        var response = responses[1];
        client.SendSettings((Http2Setting.InitialWindowSize, SmallWindow - 60)); // the stream's window: 0 - 60
        client.SendWindowUpdate(1, 100); // -60 + 100 = 40
        client.Sync(responses);
        Assert.Equal(SmallWindow + 40, response.Body.Length);

        client.SendWindowUpdate(0, 1 << 20);
        client.SendWindowUpdate(1, 1 << 20);
        client.ReadInto(responses, () => response.Ended);
        AssertInserted(response, keys);
    }

    [Fact]
    public async Task Blocked_responses_share_the_connection_window_and_all_complete_when_it_opens()
    {
        var (first, firstKeys) = await CollectionWithLongKeys("shared_window_1");
        var (second, secondKeys) = await CollectionWithLongKeys("shared_window_2");
        using var client = RawHttp2Client.Open(fixture.EndPoint, (Http2Setting.InitialWindowSize, 1 << 20)); // only the connection window limits
        var responses = new Dictionary<int, RawResponse> { [1] = new(1), [3] = new(3) };
        int Sent() => responses[1].Body.Length + responses[3].Body.Length;

        client.SendCall(1, Insert, first);
        client.SendCall(3, Insert, second);
        client.ReadInto(responses, () => Sent() >= Http2Frame.DefaultWindowSize && responses.Values.All(r => r.Headers is not null));
        client.Sync(responses);
        Assert.Equal(Http2Frame.DefaultWindowSize, Sent());

        client.SendWindowUpdate(0, 1 << 20);
        client.ReadInto(responses, () => responses.Values.All(r => r.Ended));

        AssertInserted(responses[1], firstKeys);
        AssertInserted(responses[3], secondKeys);
    }

    [Fact]
    public async Task A_response_waiting_for_the_window_is_dropped_when_the_client_resets_its_stream()
    {
        var (request, _) = await CollectionWithLongKeys("reset_while_blocked");
        using var client = RawHttp2Client.Open(fixture.EndPoint, (Http2Setting.InitialWindowSize, SmallWindow));
        var responses = InsertFillingTheWindow(client, request);
        var response = responses[1];
        client.SendRstStream(1, Http2ErrorCode.Cancel);
        client.SendWindowUpdate(1, 1 << 20); // on a stream the client closed: the server must not send the rest now
        client.Sync(responses);
        responses[3] = new RawResponse(3);
        client.SendCall(3, MilvusCalls.GetVersion, MilvusCalls.GetVersionRequest);
        client.ReadInto(responses, () => responses[3].Ended);

        Assert.Equal(SmallWindow, response.Body.Length);
        Assert.False(response.Ended);
        MilvusCalls.AssertVersion(responses[3]);
    }

    [Fact]
    public async Task A_request_larger_than_the_server_windows_arrives_as_the_server_opens_them()
    {
        const int rows = 1280, dimension = 1024; // 5 MB of vectors
        const string name = "large_request";
        await CreateCollection(name, dimension);
        var keys = Enumerable.Range(0, rows).Select(i => $"row{i}").ToArray();
        var request = GrpcFrame.ToArray(Rows(name, keys, dimension));
        using var client = RawHttp2Client.Open(fixture.EndPoint);
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };
        // More than the server's connection window (4 MB): both windows must be opened while the request arrives.
        Assert.True(request.Length > 4 * client.ServerSettings[Http2Setting.InitialWindowSize], $"{request.Length} bytes is too small a request.");

        client.SendHeaders(1, RawHttp2Client.RequestHeaders(Insert), endStream: false);
        client.SendDataWithinWindows(1, request, responses);
        client.ReadInto(responses, () => responses[1].Ended);

        var result = responses[1].Message(MutationResult.Parser);
        Assert.Equal(new Status(), result.Status);
        Assert.Equal(rows, result.InsertCnt);
    }

    [Theory]
    [InlineData(Http2Frame.DefaultMaxFrameSize)]
    [InlineData(20_000)]
    public async Task With_open_windows_no_data_frame_exceeds_the_client_max_frame_size(int maxFrameSize)
    {
        var (request, keys) = await CollectionWithLongKeys($"frame_size_{maxFrameSize}");
        using var client = RawHttp2Client.Open(fixture.EndPoint, (Http2Setting.MaxFrameSize, (uint)maxFrameSize), (Http2Setting.InitialWindowSize, 1 << 20));
        client.SendWindowUpdate(0, 1 << 20);

        client.SendCall(1, Insert, request);
        var response = client.ReadResponse(1);

        Assert.All(response.DataFrames, length => Assert.InRange(length, 1, maxFrameSize));
        AssertInserted(response, keys);
    }

    /// <summary>Sends the Insert on stream 1 and reads until its response has filled the client's <see cref="SmallWindow"/>-byte stream window.</summary>
    private static Dictionary<int, RawResponse> InsertFillingTheWindow(RawHttp2Client client, byte[] request)
    {
        var responses = new Dictionary<int, RawResponse> { [1] = new(1) };
        client.SendCall(1, Insert, request);
        client.ReadInto(responses, () => responses[1].Body.Length >= SmallWindow);
        return responses;
    }

    /// <summary>Creates a collection keyed by VARCHAR; returns an Insert request of rows with long keys, and the keys.</summary>
    private async Task<(byte[] Request, string[] Keys)> CollectionWithLongKeys(string name)
    {
        await CreateCollection(name, dimension: 2);
        var keys = Enumerable.Range(0, LongKeyRows).Select(i => $"{i:D4}".PadRight(KeyLength, 'k')).ToArray();
        return (GrpcFrame.ToArray(Rows(name, keys, dimension: 2)), keys);
    }

    private async Task CreateCollection(string name, int dimension)
    {
        var schema = new CollectionSchema
        {
            Name = name,
            Fields =
            {
                new FieldSchema { Name = "key", DataType = DataType.VarChar, IsPrimaryKey = true, TypeParams = { new KeyValuePair { Key = "max_length", Value = "2048" } } },
                new FieldSchema { Name = "v", DataType = DataType.FloatVector, TypeParams = { new KeyValuePair { Key = "dim", Value = $"{dimension}" } } },
            },
        };
        var created = await fixture.Server.CallAsync(GrpcReply.Milvus + "CreateCollection",
            GrpcReply.Frame(new CreateCollectionRequest { CollectionName = name, Schema = schema.ToByteString() }));
        Assert.Equal(new Status(), created.Single(Status.Parser));
    }

    /// <summary>One row per key, each row's vector its index in every component.</summary>
    private static InsertRequest Rows(string name, string[] keys, int dimension) => new()
    {
        CollectionName = name,
        NumRows = (uint)keys.Length,
        FieldsData =
        {
            new FieldData { FieldName = "key", Type = DataType.VarChar, Scalars = new ScalarField { StringData = new StringArray { Data = { keys } } } },
            new FieldData
            {
                FieldName = "v", Type = DataType.FloatVector,
                Vectors = new VectorField { Dim = dimension, FloatVector = new FloatArray { Data = { keys.SelectMany((_, i) => Enumerable.Repeat((float)i, dimension)) } } },
            },
        },
    };

    private static void AssertInserted(RawResponse response, string[] keys)
    {
        var result = response.Message(MutationResult.Parser);
        Assert.Equal(new Status(), result.Status);
        Assert.True(response.Body.Length > Http2Frame.DefaultWindowSize, $"The response has {response.Body.Length} bytes; the test needs more than one window.");
        Assert.Equal(keys, result.IDs.StrId.Data);
    }
}
