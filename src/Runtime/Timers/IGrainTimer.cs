namespace OrleansVector.Runtime.Timers;

/// <summary>A grain timer; dispose it to stop it (deactivation disposes it too).</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer: first tick after <paramref name="dueTime"/>, then every <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/> for one tick).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
