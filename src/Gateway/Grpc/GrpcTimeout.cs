using System.Globalization;

namespace OrleansVector.Gateway.Grpc;

/// <summary>Parses the grpc-timeout header: 1 to 8 ASCII digits and a unit (H, M, S, m, u, n).</summary>
public static class GrpcTimeout
{
    /// <summary>Beyond this a deadline is as good as none (and CancellationTokenSource would reject it).</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    /// <summary>The timeout, or null when the header is absent or longer than any call runs.</summary>
    /// <exception cref="GrpcException">INTERNAL when the header is malformed.</exception>
    public static TimeSpan? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        var digits = header.AsSpan(0, header.Length - 1);
        if (digits.Length is 0 or > 8 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw Malformed(header);
        }
        var value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var timeout = header[^1] switch
        {
            'H' => TimeSpan.FromHours(value),
            'M' => TimeSpan.FromMinutes(value),
            'S' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMilliseconds(value),
            'u' => TimeSpan.FromMicroseconds(value),
            'n' => TimeSpan.FromTicks(value / 100),
            _ => throw Malformed(header),
        };
        return timeout > Longest ? null : timeout;
    }

    private static GrpcException Malformed(string header) =>
        new(GrpcStatusCode.Internal, $"Malformed {GrpcFrame.TimeoutHeader} header '{header}': expected 1-8 digits and a unit H, M, S, m, u or n.");
}
