namespace OrleansVector.Runtime;

/// <summary>Every request to this grain class may interleave with every other at await points.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>The method does not change grain state: it interleaves with other read-only requests, and only with them.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>The method may run alongside any other request and never blocks others.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>Fire and forget: the caller's task completes once the message is sent; no response, no error, no timeout.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>A response timeout for this method instead of <see cref="Configuration.MessagingOptions.ResponseTimeout"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>The timeout, parsed from a <see cref="TimeSpan"/> string such as "00:00:05".</summary>
    public TimeSpan Timeout { get; } = TimeSpan.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
        ? value
        : throw new ArgumentException($"Response timeout '{timeout}' is not a positive TimeSpan such as '00:00:05'.", nameof(timeout));
}

/// <summary>
/// A protobuf message type (on a partial class), a parameter or a return value that is never modified after it is sent,
/// so local calls pass it by reference instead of cloning it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Parameter | AttributeTargets.ReturnValue)]
public sealed class ImmutableAttribute : Attribute;
