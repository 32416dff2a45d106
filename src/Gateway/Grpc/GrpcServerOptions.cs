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

    /// <summary>Largest response message sent, in bytes; larger ones fail with RESOURCE_EXHAUSTED. Milvus's proxy default: 256 MB.</summary>
    [Range(GrpcFrame.HeaderLength, MaxFrameMessageSize)]
    public int MaxSendMessageSize { get; set; } = 256 * 1024 * 1024;
}
