namespace OrleansVector.Gateway.Metrics;

/// <summary>Lock-free addition to a double (Interlocked has none for doubles).</summary>
internal static class AtomicDouble
{
    public static void Add(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }
}
