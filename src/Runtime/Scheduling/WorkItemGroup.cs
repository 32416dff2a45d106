using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OrleansVector.Runtime.Scheduling;

/// <summary>
/// The turn queue of one activation: a thread-pool work item that drains queued tasks one at a time for up to a quantum,
/// then yields its thread and re-queues itself (fairness without dedicated threads), as Orleans's WorkItemGroup.
/// </summary>
internal sealed partial class WorkItemGroup : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static WorkItemGroup? t_current;

    private readonly Queue<Task> _queue = new();
    private readonly TimeSpan _quantum;
    private readonly TimeSpan _turnWarning;
    private readonly ILogger _logger;
    private readonly string _name;
    private bool _scheduled;

    public WorkItemGroup(string name, TimeSpan quantum, TimeSpan turnWarning, ILogger logger)
    {
        _name = name;
        _quantum = quantum;
        _turnWarning = turnWarning;
        _logger = logger;
        Scheduler = new ActivationTaskScheduler(this);
    }

    public ActivationTaskScheduler Scheduler { get; }

    /// <summary>The group whose queue this thread is draining, if any.</summary>
    public static WorkItemGroup? Current => t_current;

    public void Enqueue(Task task)
    {
        lock (_queue)
        {
            _queue.Enqueue(task);
            if (_scheduled)
            {
                return;
            }
            _scheduled = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    /// <summary>
    /// Starts an unstarted task on this group. With <paramref name="mayRunOnCaller"/>, when the queue is idle and the calling
    /// thread runs no activation's turn, that thread drains the queue itself instead of handing it to the thread pool: one hop
    /// less, and a request that completes synchronously has answered before its caller awaits. The turn runs without the
    /// caller's SynchronizationContext, so its awaits come back to this group as on a pool thread.
    /// </summary>
    public void Start(Task task, bool mayRunOnCaller)
    {
        var runHere = false;
        if (mayRunOnCaller && t_current is null)
        {
            lock (_queue)
            {
                if (!_scheduled)
                {
                    _scheduled = runHere = true; // claimed: the Enqueue below only queues
                }
            }
        }
        task.Start(Scheduler);
        if (!runHere)
        {
            return;
        }
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            Execute();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public Task[] Snapshot()
    {
        lock (_queue)
        {
            return [.. _queue];
        }
    }

    public void Execute()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            var start = Stopwatch.GetTimestamp();
            while (true)
            {
                Task? task;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out task))
                    {
                        _scheduled = false;
                        return;
                    }
                }
                var turnStart = Stopwatch.GetTimestamp();
                Scheduler.RunTask(task);
                var turn = Stopwatch.GetElapsedTime(turnStart);
                if (turn > _turnWarning)
                {
                    LogWarningLongTurn(_logger, _name, turn);
                }
                if (Stopwatch.GetElapsedTime(start) > _quantum)
                {
                    // Yield the thread; stay scheduled so no other thread can start this queue meanwhile.
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }
            }
        }
        finally
        {
            t_current = previous;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "A turn of {Activation} ran for {Duration}; long turns delay every other request of the activation")]
    private static partial void LogWarningLongTurn(ILogger logger, string activation, TimeSpan duration);
}
