using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OrleansVector.Runtime.Scheduling;

/// <summary>
/// The turn queue of one activation: a thread-pool work item that drains queued tasks one at a time for up to a quantum,
/// then yields its thread and re-queues itself (fairness without dedicated threads), as Orleans's WorkItemGroup.
/// <para>
/// A group that becomes runnable while a thread is draining another group (a grain calling an idle grain, a callee
/// answering its waiting caller) goes to that thread's next slot instead of the thread pool, as Go's scheduler puts a
/// goroutine just readied into its processor's runnext: the thread runs it as soon as its current turn ends, with no
/// thread-pool dispatch and no thread woken. A request that awaits a local callee therefore hands the thread to the
/// callee, and the callee's answer hands it back, without leaving the thread; a group displaced from the slot (the
/// earlier calls of a fan-out) goes to the thread pool, where idle threads take it, so fan-outs still run in parallel.
/// One thread drains a group at a time either way: a group is claimed (scheduled) before it is put anywhere.
/// </para>
/// </summary>
internal sealed partial class WorkItemGroup : IThreadPoolWorkItem
{
    [ThreadStatic]
    private static WorkItemGroup? t_current;

    [ThreadStatic]
    private static WorkItemGroup? t_next;

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
        Schedule();
    }

    /// <summary>
    /// Starts an unstarted task on this group. With <paramref name="mayRunOnCaller"/>, when the queue is idle and the calling
    /// thread runs no activation's turn, that thread drains the queue itself instead of handing it to the thread pool: one hop
    /// less, and a request that completes synchronously (its local callees included, see the class summary) has answered
    /// before its caller awaits. The turns run without the caller's SynchronizationContext, so their awaits come back to
    /// their groups as on a pool thread.
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

    /// <summary>
    /// Drains this group, then the groups handed to this thread's next slot meanwhile, for up to one quantum in all; what is
    /// left after that goes to the thread pool.
    /// </summary>
    public void Execute()
    {
        var start = Stopwatch.GetTimestamp();
        var group = this;
        while (true)
        {
            group.Drain(start);
            var next = t_next;
            if (next is null)
            {
                return;
            }
            t_next = null;
            if (Stopwatch.GetElapsedTime(start) > _quantum)
            {
                ThreadPool.UnsafeQueueUserWorkItem(next, preferLocal: false);
                return;
            }
            group = next;
        }
    }

    /// <summary>A claimed group goes to this thread's next slot when the thread is running a turn, else to the thread pool.</summary>
    private void Schedule()
    {
        if (t_current is null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            return;
        }
        var displaced = t_next;
        t_next = this;
        if (displaced is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(displaced, preferLocal: true);
        }
    }

    /// <summary>
    /// Runs queued tasks until the queue is empty, or the quantum (counted from <paramref name="start"/>) has passed, or a
    /// group waits in the next slot: then, with tasks still queued, it yields the thread and stays scheduled, so no other
    /// thread can start this queue meanwhile.
    /// </summary>
    private void Drain(long start)
    {
        t_current = this;
        try
        {
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
                if (t_next is null && Stopwatch.GetElapsedTime(start) <= _quantum)
                {
                    continue;
                }
                lock (_queue)
                {
                    if (_queue.Count == 0)
                    {
                        _scheduled = false;
                        return;
                    }
                }
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
        }
        finally
        {
            t_current = null;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "A turn of {Activation} ran for {Duration}; long turns delay every other request of the activation")]
    private static partial void LogWarningLongTurn(ILogger logger, string activation, TimeSpan duration);
}
