using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Collection;

/// <summary>
/// The guarantee timestamp a read waits for, as Milvus's proxy computes it: Strong = now, Bounded = now minus the
/// staleness bound, Eventually = 1 (no wait), Session and Customized = the timestamp the client sent; the sentinels 0
/// (Strong) and 2 (Bounded) in guarantee_timestamp resolve the same way. "Now" is a fresh TSO timestamp, taken only
/// when needed; Bounded takes it from <c>recent</c>, which may answer from a timestamp allocated a moment ago.
/// </summary>
internal static class ConsistencyResolver
{
    public const ulong StrongSentinel = 0;
    public const ulong EventuallySentinel = 1;
    public const ulong BoundedSentinel = 2;

    public static async ValueTask<ulong> ResolveAsync(ConsistencyLevel level, ulong guarantee, TimeSpan staleness, Func<Task<ulong>> now, Func<ValueTask<ulong>> recent)
    {
        var resolved = level switch
        {
            ConsistencyLevel.Strong => StrongSentinel,
            ConsistencyLevel.Bounded => BoundedSentinel,
            ConsistencyLevel.Eventually => EventuallySentinel,
            _ => guarantee,
        };
        return resolved switch
        {
            StrongSentinel => await now(),
            BoundedSentinel => Bounded(await recent(), staleness),
            _ => resolved,
        };
    }

    private static ulong Bounded(ulong now, TimeSpan staleness)
    {
        var physical = HybridTimestamp.Physical(now) - (long)staleness.TotalMilliseconds;
        return physical <= 0 ? EventuallySentinel : HybridTimestamp.Compose(physical, 0);
    }
}
