namespace OrleansVector.Runtime.Timers;

/// <summary>How a grain timer ticks.</summary>
public sealed record GrainTimerCreationOptions
{
    public GrainTimerCreationOptions(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or Timeout.InfiniteTimeSpan.");
        }
        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be positive, or Timeout.InfiniteTimeSpan for a single tick.");
        }
        DueTime = dueTime;
        Period = period;
    }

    public TimeSpan DueTime { get; }

    public TimeSpan Period { get; }

    /// <summary>Ticks may interleave with requests (like <see cref="AlwaysInterleaveAttribute"/>) instead of waiting for them.</summary>
    public bool Interleave { get; init; }

    /// <summary>Ticks count as activity and keep the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
