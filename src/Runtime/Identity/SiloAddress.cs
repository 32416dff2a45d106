using System.Globalization;
using System.Net;

namespace OrleansVector.Runtime;

/// <summary>
/// A silo incarnation: its endpoint plus a generation. A process restarted on the same endpoint (or a silo that rejoined
/// after losing its lease) has a new generation and is a different silo; messages for the old one are rejected.
/// Text form: <c>ip:port@generation</c>.
/// </summary>
public sealed class SiloAddress : IEquatable<SiloAddress>
{
    private static long s_lastGeneration;

    public SiloAddress(IPEndPoint endpoint, long generation)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(generation);
        Endpoint = endpoint;
        Generation = generation;
    }

    public IPEndPoint Endpoint { get; }

    public long Generation { get; }

    /// <summary>A generation larger than every one this process handed out before: milliseconds since the Unix epoch, forced strictly increasing.</summary>
    public static long AllocateGeneration(TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        while (true)
        {
            var last = Interlocked.Read(ref s_lastGeneration);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref s_lastGeneration, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>Parses <c>ip:port@generation</c>.</summary>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        if (at <= 0 || !IPEndPoint.TryParse(text[..at], out var endpoint)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) || generation <= 0)
        {
            throw new FormatException($"'{text}' is not a silo address; expected 'ip:port@generation'.");
        }
        return new SiloAddress(endpoint, generation);
    }

    /// <summary>True when <paramref name="other"/> is an earlier incarnation on the same endpoint.</summary>
    public bool Supersedes(SiloAddress other) => Endpoint.Equals(other.Endpoint) && Generation > other.Generation;

    public bool Equals(SiloAddress? other) => other is not null && Generation == other.Generation && Endpoint.Equals(other.Endpoint);

    public override bool Equals(object? obj) => Equals(obj as SiloAddress);

    public override int GetHashCode() => HashCode.Combine(Endpoint, Generation);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint}@{Generation}");

    public static bool operator ==(SiloAddress? left, SiloAddress? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SiloAddress? left, SiloAddress? right) => !(left == right);
}
