namespace OrleansVector.Gateway.Milvus;

/// <summary>
/// Identifiers for connected clients (ConnectResponse.identifier). Milvus hands out a hybrid timestamp
/// (physical milliseconds &lt;&lt; 18 | logical); so do we: never zero (clients treat 0 as "not connected"),
/// strictly increasing within this process, and increasing across restarts because it follows the clock.
/// </summary>
public sealed class ClientIdentifierAllocator(TimeProvider timeProvider)
{
    private const int LogicalBits = 18;
    private long _last;

    public long Next()
    {
        var physical = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() << LogicalBits;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(physical, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }
}
