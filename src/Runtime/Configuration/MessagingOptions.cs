namespace OrleansVector.Runtime.Configuration;

/// <summary>Call timeouts, forwarding and message size limits.</summary>
public sealed class MessagingOptions : IValidatedOptions
{
    /// <summary>How long a caller waits for a response unless the method has <see cref="ResponseTimeoutAttribute"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often pending calls are checked against their deadlines: a call times out at most this much after its
    /// timeout. One check per silo replaces a timer per call.
    /// </summary>
    public TimeSpan ResponseTimeoutCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many times a message may be forwarded to repair a stale address before the caller gets an error.</summary>
    public int MaxForwardCount { get; set; } = 2;

    /// <summary>The largest silo-to-silo message accepted, in bytes.</summary>
    public int MaxMessageSize { get; set; } = 100 * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        foreach (var error in OptionChecks.Positive(nameof(ResponseTimeout), ResponseTimeout)
            .Concat(OptionChecks.Positive(nameof(ResponseTimeoutCheckPeriod), ResponseTimeoutCheckPeriod))
            .Concat(OptionChecks.Positive(nameof(MaxMessageSize), MaxMessageSize)))
        {
            yield return error;
        }
        if (MaxForwardCount is < 0 or > 10)
        {
            yield return $"{nameof(MaxForwardCount)} is {MaxForwardCount}; it must be 0 to 10.";
        }
    }
}
