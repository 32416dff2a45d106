namespace OrleansVector.Etcd;

/// <summary>Where etcd is and how long the client waits for it.</summary>
public sealed class EtcdClientOptions
{
    /// <summary>The client URL of one etcd member, http only (the client speaks HTTP/2 cleartext).</summary>
    public Uri Endpoint { get; set; } = new("http://127.0.0.1:2379");

    /// <summary>Deadline of one unary call (range, put, txn, lease grant...).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause before a broken watch or keep-alive stream is opened again.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest gRPC message accepted from etcd (etcd's own request limit is 1.5 MiB; ranges can be larger).</summary>
    public int MaxReceiveMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Keys fetched per request by prefix reads; bigger ranges take several requests at one revision.</summary>
    public int RangePageSize { get; set; } = 10_000;

    /// <summary>Throws an exception naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"{nameof(Endpoint)} must be an absolute http:// URL (HTTP/2 cleartext), got '{Endpoint}'.", nameof(Endpoint));
        }
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "must be positive");
        }
        if (ReconnectDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectDelay), ReconnectDelay, "must not be negative");
        }
        if (RangePageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RangePageSize), RangePageSize, "must be at least 1");
        }
        if (MaxReceiveMessageBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveMessageBytes), MaxReceiveMessageBytes, "must be at least 1024");
        }
    }
}
