using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OrleansVector.Gateway.Grpc;

namespace OrleansVector.Gateway.Tests;

/// <summary>A gRPC call made by hand over HTTP/2, so tests control every byte of the request.</summary>
internal sealed class GrpcReply
{
    public const string Milvus = "/milvus.proto.milvus.MilvusService/";

    private GrpcReply(HttpStatusCode httpStatus, string? contentType, byte[] body, GrpcStatusCode? status, string? message, bool trailersOnly)
    {
        HttpStatus = httpStatus;
        ContentType = contentType;
        Body = body;
        Status = status;
        Message = message;
        TrailersOnly = trailersOnly;
    }

    public HttpStatusCode HttpStatus { get; }
    public string? ContentType { get; }
    public byte[] Body { get; }

    /// <summary>grpc-status from the headers (Trailers-Only) or the trailers; null when the server sent none.</summary>
    public GrpcStatusCode? Status { get; }

    /// <summary>grpc-message, percent-decoded.</summary>
    public string? Message { get; }

    public bool TrailersOnly { get; }

    public static byte[] Frame(IMessage message) => GrpcFrame.ToArray(message);

    /// <summary>A frame around <paramref name="payload"/>; <paramref name="declaredLength"/> makes the header lie about its length.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0, uint? declaredLength = null)
    {
        var frame = new byte[GrpcFrame.HeaderLength + payload.Length];
        GrpcFrame.WriteHeader(frame, declaredLength ?? (uint)payload.Length, flag);
        payload.CopyTo(frame.AsSpan(GrpcFrame.HeaderLength));
        return frame;
    }

    public static async Task<GrpcReply> SendAsync(HttpClient client, string path, byte[] body, (string Name, string Value)[] headers,
        Version? version = null, string contentType = GrpcFrame.ContentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var trailersOnly = response.Headers.Contains(GrpcFrame.StatusHeader);
        var source = trailersOnly ? response.Headers : response.TrailingHeaders;
        var status = source.TryGetValues(GrpcFrame.StatusHeader, out var codes) ? (GrpcStatusCode?)int.Parse(codes.Single(), System.Globalization.CultureInfo.InvariantCulture) : null;
        var message = source.TryGetValues(GrpcFrame.MessageHeader, out var messages) ? Uri.UnescapeDataString(messages.Single()) : null;
        return new GrpcReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes, status, message, trailersOnly);
    }

    /// <summary>The one uncompressed response message; fails the test unless the call succeeded with exactly one frame.</summary>
    public T Single<T>(MessageParser<T> parser) where T : IMessage<T>
    {
        Assert.True(Status == GrpcStatusCode.Ok, $"expected grpc-status 0, got {Status}: {Message}");
        Assert.Equal(GrpcFrame.ContentType, ContentType);
        return GrpcFrame.ParseSingle(parser, Body);
    }

    /// <summary>Fails the test unless the call ended with <paramref name="expected"/> and no message body.</summary>
    public void AssertStatus(GrpcStatusCode expected, string? messageContains = null)
    {
        Assert.True(Status == expected, $"expected grpc-status {expected}, got {Status}: {Message}");
        Assert.Equal(HttpStatusCode.OK, HttpStatus);
        Assert.Empty(Body);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, Message ?? "", StringComparison.Ordinal);
        }
    }
}
