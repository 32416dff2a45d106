using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace OrleansVector.Gateway.Grpc;

/// <summary>Writes gRPC responses: one framed message plus a grpc-status trailer, or a status alone.</summary>
internal static class GrpcResponseWriter
{
    /// <summary>
    /// Puts the framed message and the grpc-status trailer into the response without flushing: Kestrel sends headers,
    /// message and trailers together when the call's delegate returns (one write to the socket, one wake-up of the
    /// client), where a flush after the message would send it and the trailers apart.
    /// </summary>
    /// <exception cref="GrpcException">RESOURCE_EXHAUSTED when the message exceeds <paramref name="maxMessageSize"/>; nothing is written then.</exception>
    public static void WriteMessage(HttpResponse response, IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                $"Response message larger than max ({size} vs. {maxMessageSize}); raise Gateway:Grpc:MaxSendMessageSize or ask for less.");
        }
        StartResponse(response);
        GrpcFrame.Write(response.BodyWriter, message, size);
        response.AppendTrailer(GrpcFrame.StatusHeader, "0");
    }

    /// <summary>
    /// Ends the call with <paramref name="status"/>: as a Trailers-Only response (status in the headers, no body)
    /// when nothing was sent yet, otherwise as trailers after what was sent.
    /// </summary>
    public static void WriteStatus(HttpResponse response, GrpcStatusCode status, string message)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var encoded = GrpcMessageEncoding.Encode(message);
        if (!response.HasStarted)
        {
            StartResponse(response);
            response.Headers[GrpcFrame.StatusHeader] = code;
            response.Headers[GrpcFrame.MessageHeader] = encoded;
            return;
        }
        response.AppendTrailer(GrpcFrame.StatusHeader, code);
        response.AppendTrailer(GrpcFrame.MessageHeader, encoded);
    }

    private static void StartResponse(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcFrame.ContentType;
        response.Headers[GrpcFrame.AcceptEncodingHeader] = GrpcFrame.IdentityEncoding;
    }
}
