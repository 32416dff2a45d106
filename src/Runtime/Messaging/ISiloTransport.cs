using OrleansVector.Runtime.Messaging.Wire;

namespace OrleansVector.Runtime.Messaging;

/// <summary>Sends one request to another silo and returns its response.</summary>
internal interface ISiloTransport
{
    /// <summary>Throws <see cref="SiloUnavailableException"/> when the silo cannot be reached; never retries.</summary>
    Task<WireResponse> SendAsync(SiloAddress target, WireRequest request, CancellationToken cancellationToken);
}
