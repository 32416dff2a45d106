using OrleansVector.Gateway.Http2;

namespace OrleansVector.Gateway.Grpc;

/// <summary>What a handler knows about the call besides its request message.</summary>
public sealed class GrpcCallContext(IReadOnlyList<HpackHeaderField> metadata, CancellationToken cancellationToken)
{
    /// <summary>Cancelled when the client goes away or the call's deadline (grpc-timeout) passes.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The user the call was authenticated as; null when authentication is off.</summary>
    public string? User { get; set; }

    /// <summary>A request metadata value (gRPC keys are lower case), or null when absent.</summary>
    public string? GetHeader(string name)
    {
        for (var i = 0; i < metadata.Count; i++)
        {
            if (string.Equals(metadata[i].Name, name, StringComparison.Ordinal))
            {
                return metadata[i].Value;
            }
        }
        return null;
    }
}
