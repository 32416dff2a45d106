namespace OrleansVector.Storage.Tso;

/// <summary><see cref="Count"/> consecutive hybrid timestamps starting at <see cref="First"/>, all in one millisecond.</summary>
public readonly record struct TimestampRange(ulong First, int Count)
{
    /// <summary>The last timestamp of the range.</summary>
    public ulong Last => First + (ulong)Count - 1;
}
