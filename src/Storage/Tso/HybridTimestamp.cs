namespace OrleansVector.Storage.Tso;

/// <summary>
/// Milvus hybrid timestamps: <c>physical_ms &lt;&lt; 18 | logical</c>, physical in Unix milliseconds, logical a counter
/// within the millisecond. Ordered like the (physical, logical) pairs they encode.
/// </summary>
public static class HybridTimestamp
{
    public const int LogicalBits = 18;
    public const long LogicalMask = (1L << LogicalBits) - 1;

    /// <summary>How many timestamps one millisecond holds.</summary>
    public const int LogicalPerMillisecond = 1 << LogicalBits;

    public static ulong Compose(long physicalMs, long logical)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(physicalMs);
        ArgumentOutOfRangeException.ThrowIfNegative(logical);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logical, LogicalMask);
        return ((ulong)physicalMs << LogicalBits) | (ulong)logical;
    }

    public static long Physical(ulong timestamp) => (long)(timestamp >> LogicalBits);

    public static long Logical(ulong timestamp) => (long)(timestamp & LogicalMask);

    public static DateTimeOffset ToDateTime(ulong timestamp) => DateTimeOffset.FromUnixTimeMilliseconds(Physical(timestamp));

    /// <summary>The smallest timestamp at or after a wall-clock time (for "now minus staleness" bounds).</summary>
    public static ulong FromDateTime(DateTimeOffset time) => Compose(time.ToUnixTimeMilliseconds(), 0);
}
