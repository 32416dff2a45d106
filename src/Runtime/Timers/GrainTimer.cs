using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Catalog;

namespace OrleansVector.Runtime.Timers;

/// <summary>
/// A timer whose ticks are work items of the activation's request gate: they respect turn-based concurrency (unless
/// <see cref="GrainTimerCreationOptions.Interleave"/>), are never forwarded, and the next tick is armed only after the
/// previous one completes.
/// </summary>
internal sealed partial class GrainTimer : ActivationWorkItem, IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly GrainTimerCreationOptions _options;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _options = options;
        _period = options.Period;
        _timer = activation.Runtime.Time.CreateTimer(static s => ((GrainTimer)s!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public override bool IsReadOnly => false;

    public override bool IsAlwaysInterleave => _options.Interleave;

    public override bool KeepsAlive => _options.KeepAlive;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _ = new GrainTimerCreationOptions(dueTime, period);
        _period = period;
        if (!_disposed.IsCancellationRequested)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _timer.Dispose();
            _activation.RemoveTimer(this);
        }
    }

    public override async Task RunAsync(ActivationData activation)
    {
        try
        {
            await _callback(_disposed.Token);
        }
        catch (Exception exception) when (!_disposed.IsCancellationRequested)
        {
            LogErrorTick(activation.Logger, exception, activation.GrainId);
        }
        catch (OperationCanceledException)
        {
            // Disposed while the tick ran: nothing to report.
        }
        if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    public override void OnActivationGone(ActivationData activation, Exception? failure)
    {
        // Ticks are local to their activation: never forwarded.
    }

    private void OnTick()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _activation.Enqueue(this);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "A timer tick of {Grain} failed")]
    private static partial void LogErrorTick(ILogger logger, Exception exception, GrainId grain);
}
