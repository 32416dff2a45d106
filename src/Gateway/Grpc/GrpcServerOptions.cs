using System.ComponentModel.DataAnnotations;

namespace OrleansVector.Gateway.Grpc;

/// <summary>Limits of the gRPC wire layer. Bound from the "Gateway:Grpc" configuration section.</summary>
public sealed class GrpcServerOptions
{
    public const string SectionName = "Gateway:Grpc";

    /// <summary>The largest message length a gRPC frame may carry (a frame also has a 5-byte header).</summary>
    public const int MaxFrameMessageSize = int.MaxValue - GrpcFrame.HeaderLength;

    /// <summary>Largest request message accepted, in bytes; larger ones get RESOURCE_EXHAUSTED. Milvus's proxy default: 64 MB.</summary>
    [Range(GrpcFrame.HeaderLength, MaxFrameMessageSize)]
    public int MaxReceiveMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>Calls one client connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS); more are refused with REFUSED_STREAM.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentStreams { get; set; } = 100;

    /// <summary>Client connections served at once; each has a thread of its own. More are closed as they are accepted.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 2048;

    /// <summary>How long a new connection may take to send the HTTP/2 connection preface; then it is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A connection with no call in flight that receives nothing for this long is closed with GOAWAY (clients reconnect
    /// on their next call). 130 s, Kestrel's keep-alive default, which the port had before.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>Largest request header list (SETTINGS_MAX_HEADER_LIST_SIZE: names and values plus 32 bytes per field).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxHeaderListSize { get; set; } = 32 * 1024;

    /// <summary>Largest response message sent, in bytes; larger ones fail with RESOURCE_EXHAUSTED. Milvus's proxy default: 256 MB.</summary>
    [Range(GrpcFrame.HeaderLength, MaxFrameMessageSize)]
    public int MaxSendMessageSize { get; set; } = 256 * 1024 * 1024;
}
