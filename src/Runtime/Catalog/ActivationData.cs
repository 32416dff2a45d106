using Microsoft.Extensions.Logging;
using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Messaging;
using OrleansVector.Runtime.Scheduling;
using OrleansVector.Runtime.Timers;

namespace OrleansVector.Runtime.Catalog;

/// <summary>
/// One activation: its state machine, its turn scheduler and its request gate. Work items wait in order; one may start when
/// nothing blocks it: nothing is running, or it is [AlwaysInterleave], or the class is [Reentrant], or it is [ReadOnly] and
/// only read-only work is running. The activation stays busy until a request's task completes, not just its first turn.
/// </summary>
internal sealed partial class ActivationData
{
    [ThreadStatic]
    private static ActivationData? t_constructing;

    private static readonly Action<object?> s_runItem = static state =>
    {
        var item = (ActivationWorkItem)state!;
        _ = item.Activation!.RunItemAsync(item); // completes on the activation's scheduler; work items never throw
    };

    private readonly Lock _lock = new();
    private readonly List<ActivationWorkItem> _waiting = [];
    private readonly WorkItemGroup _group;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<GrainTimer>? _timers;
    private List<IActivationStateLoader>? _stateLoaders;
    private volatile ActivationState _state = ActivationState.Creating; // written under _lock; read without it by State
    private int _runningWriters;
    private int _runningReaders;
    private int _runningInterleaved;
    private bool _wasValid;
    private bool _deactivationStarted;
    private DeactivationReason? _pendingDeactivation;
    private DeactivationReason _deactivationReason;
    private long _lastActiveTicks;
    private long _keepAliveUntilTicks;

    public ActivationData(GrainId grainId, GrainClassDescriptor grainClass, SiloRuntime runtime)
    {
        GrainId = grainId;
        Class = grainClass;
        Runtime = runtime;
        Address = new GrainAddress(grainId, ActivationId.NewId(), runtime.LocalSilo);
        Logger = runtime.ActivationLogger;
        _group = new WorkItemGroup(grainId.ToString(), runtime.Scheduling.ActivationSchedulingQuantum, runtime.Scheduling.TurnWarningLengthThreshold, Logger);
        _lastActiveTicks = runtime.Time.GetUtcNow().UtcTicks;
    }

    /// <summary>The activation whose grain instance is being constructed on this thread (read by <see cref="Grain"/>'s constructor).</summary>
    public static ActivationData? Constructing => t_constructing;

    public GrainId GrainId { get; }

    public GrainAddress Address { get; }

    public GrainClassDescriptor Class { get; }

    public SiloRuntime Runtime { get; }

    public ILogger Logger { get; }

    public object? Instance { get; private set; }

    /// <summary>Where queued messages go after this activation lost a registration race.</summary>
    public SiloAddress? ForwardingAddress { get; private set; }

    public ActivationState State => _state;

    /// <summary>Completes when the activation has left the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Running plus waiting work items.</summary>
    public int Load
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count + _runningWriters + _runningReaders + _runningInterleaved;
            }
        }
    }

    private int Running => _runningWriters + _runningReaders + _runningInterleaved;

    /// <summary>
    /// Queues a work item. False when the activation is already gone, so the caller must route the item anew. A request
    /// that finds the activation idle starts at once, on the caller's own thread when that thread runs no activation's
    /// turn (see <see cref="WorkItemGroup.Start"/>).
    /// </summary>
    public bool Enqueue(ActivationWorkItem item)
    {
        Task? runNow;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }
            if (_state != ActivationState.Valid || item is not Message || Running > 0 || _waiting.Count > 0)
            {
                _waiting.Add(item);
                if (_state == ActivationState.Valid)
                {
                    StartRunnableLocked();
                }
                return true;
            }
            runNow = BeginLocked(item);
        }
        _group.Start(runNow, mayRunOnCaller: true);
        return true;
    }

    /// <summary>
    /// Registers in the directory, then (only if this activation won) loads state and runs OnActivateAsync. The catalog
    /// starts it on the thread of the first call, often inside the calling grain's turn, so none of the runtime's own awaits
    /// here come back to that caller's scheduler (ConfigureAwait(false)): finishing an activation never waits for a turn of
    /// whichever grain called first, as Orleans runs activation on the new activation's own context. Grain code (state
    /// loading, OnActivateAsync, OnDeactivateAsync) still runs on this activation's scheduler.
    /// </summary>
    public async Task ActivateAsync()
    {
        try
        {
            if (Class.UsesDirectory && !await RegisterAsync().ConfigureAwait(false))
            {
                return;
            }
            await RunGrainCodeAsync(SetupAsync, Runtime.Collection.ActivationTimeout, "Activation").ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (State == ActivationState.Invalid)
            {
                return; // dropped (silo killed or fenced) while activating
            }
            await FailActivationAsync(exception).ConfigureAwait(false);
            return;
        }
        DeactivationReason? pending;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return;
            }
            _state = ActivationState.Valid;
            _wasValid = true;
            Runtime.Instruments.ActivationCreated(GrainId.Type); // before any request runs: a caller holding its response finds it counted
            pending = _pendingDeactivation;
            if (pending is null)
            {
                StartRunnableLocked();
            }
        }
        LogDebugActivated(Logger, Address);
        if (pending is { } reason)
        {
            Deactivate(reason);
        }
    }

    /// <summary>Starts deactivation; it proceeds once no request is running.</summary>
    public void Deactivate(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }
            if (_state is ActivationState.Creating or ActivationState.Activating)
            {
                _pendingDeactivation ??= reason;
                return;
            }
            _state = ActivationState.Deactivating;
            _deactivationReason = reason;
            if (Running > 0 || _deactivationStarted)
            {
                return;
            }
            _deactivationStarted = true;
        }
        _ = FinishDeactivationAsync();
    }

    /// <summary>
    /// Drops the activation at once without running grain code (the silo crashed or lost its lease); queued work fails
    /// with <paramref name="failure"/>. The directory entry is left to expire with the silo's lease.
    /// </summary>
    public void Drop(Exception failure)
    {
        List<ActivationWorkItem> waiting;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid)
            {
                return;
            }
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        DisposeTimers();
        Leave(waiting, failure);
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSpan, TimeSpan.Zero);
        Volatile.Write(ref _keepAliveUntilTicks, timeSpan == TimeSpan.Zero ? 0 : (Runtime.Time.GetUtcNow() + timeSpan).UtcTicks);
    }

    /// <summary>True when the activation is valid, has nothing running or waiting, and has been idle for at least <paramref name="age"/>.</summary>
    public bool IsIdleLongerThan(TimeSpan age, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid && Running == 0 && _waiting.Count == 0
                && now.UtcTicks - _lastActiveTicks >= age.Ticks && now.UtcTicks >= Volatile.Read(ref _keepAliveUntilTicks);
        }
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"{GrainId} is deactivating; it cannot register timers.");
            }
            var timer = new GrainTimer(this, callback, options);
            (_timers ??= []).Add(timer);
            return timer;
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>Called by the grain activator for each injected persistent state.</summary>
    public void AddStateLoader(IActivationStateLoader loader) => (_stateLoaders ??= []).Add(loader);

    /// <summary>Runs a request as a turn of this activation (on its scheduler); the outcome is sent by <see cref="Message.Finish"/>.</summary>
    public async Task InvokeAsync(Message message)
    {
        RequestContext.Import(message.Context);
        if (Runtime.Time.GetTimestamp() > message.DeadlineTimestamp)
        {
            LogDebugExpired(Logger, message.Method.FullName, GrainId);
            return;
        }
        try
        {
            var task = message.Method.Invoke(Instance!, message.Arguments);
            await task;
            var result = message.Method.GetResult?.Invoke(task);
            if (result is not null && message.Sink is { IsLocal: true } && !message.Method.ResultIsImmutable)
            {
                result = message.Method.Result!.Clone(result);
            }
            message.SetResult(result);
        }
        catch (Exception exception)
        {
            if (message.Sink is null)
            {
                LogWarningOneWayFailed(Logger, exception, message.Method.FullName, GrainId);
            }
            message.SetFailure(exception);
        }
    }

    private async Task<bool> RegisterAsync()
    {
        GrainAddress? previous = null;
        while (true)
        {
            var winner = await Runtime.Directory.RegisterAsync(Address, previous, Runtime.LeaseId, CancellationToken.None).ConfigureAwait(false);
            if (winner.ActivationId == Address.ActivationId)
            {
                return true;
            }
            if (winner.Silo == Address.Silo && previous is null && !Runtime.Catalog.IsLive(winner))
            {
                // A registration left behind by an earlier activation on this silo: replace it.
                previous = winner;
                continue;
            }
            LogDebugDuplicate(Logger, GrainId, winner);
            ForwardingAddress = winner.Silo;
            List<ActivationWorkItem> waiting;
            lock (_lock)
            {
                _state = ActivationState.Invalid;
                waiting = [.. _waiting];
                _waiting.Clear();
            }
            Leave(waiting, failure: null);
            return false;
        }
    }

    private async Task SetupAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Creating)
            {
                throw new OperationCanceledException($"{GrainId} was dropped before it activated.");
            }
            _state = ActivationState.Activating;
        }
        t_constructing = this;
        try
        {
            Instance = Class.CreateInstance(Runtime.Services, this);
        }
        finally
        {
            t_constructing = null;
        }
        foreach (var loader in _stateLoaders ?? [])
        {
            await loader.LoadAsync();
        }
        if (Instance is Grain grain)
        {
            await grain.OnActivateAsync(cancellationToken);
        }
    }

    private async Task FailActivationAsync(Exception failure)
    {
        LogWarningActivationFailed(Logger, failure, GrainId);
        List<ActivationWorkItem> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        DisposeTimers();
        await UnregisterAsync(new DeactivationReason(DeactivationReasonCode.ActivationFailed, "activation failed", failure)).ConfigureAwait(false);
        Leave(waiting, failure);
    }

    private async Task FinishDeactivationAsync()
    {
        var reason = _deactivationReason;
        DisposeTimers();
        if (_wasValid && Instance is Grain grain)
        {
            try
            {
                await RunGrainCodeAsync(token => grain.OnDeactivateAsync(reason, token), Runtime.Collection.DeactivationTimeout, nameof(Grain.OnDeactivateAsync))
                    .ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogWarningDeactivateFailed(Logger, exception, GrainId);
            }
        }
        await UnregisterAsync(reason).ConfigureAwait(false);
        List<ActivationWorkItem> waiting;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            waiting = [.. _waiting];
            _waiting.Clear();
        }
        LogDebugDeactivated(Logger, Address, reason);
        Leave(waiting, failure: null);
    }

    private async Task UnregisterAsync(DeactivationReason reason)
    {
        if (!Class.UsesDirectory || reason.Code is DeactivationReasonCode.DirectoryFailure or DeactivationReasonCode.LeaseLost)
        {
            return;
        }
        try
        {
            await Runtime.Directory.UnregisterAsync(Address, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogWarningUnregisterFailed(Logger, exception, Address);
        }
    }

    /// <summary>Leaves the catalog and hands queued work back: re-routed, or failed with <paramref name="failure"/>.</summary>
    private void Leave(List<ActivationWorkItem> waiting, Exception? failure)
    {
        Runtime.Catalog.Remove(this);
        if (_wasValid)
        {
            Runtime.Instruments.ActivationRemoved(GrainId.Type); // only activations that were counted (a race loser never was)
        }
        _deactivated.TrySetResult();
        foreach (var item in waiting)
        {
            item.OnActivationGone(this, failure);
        }
    }

    private void DisposeTimers()
    {
        List<GrainTimer> timers;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
        }
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private void StartRunnableLocked()
    {
        for (var i = 0; i < _waiting.Count;)
        {
            var item = _waiting[i];
            if (!MayStart(item))
            {
                i++;
                continue;
            }
            _waiting.RemoveAt(i);
            _group.Start(BeginLocked(item), mayRunOnCaller: false);
        }
    }

    /// <summary>Counts the item as running and returns the (unstarted) task that runs it.</summary>
    private Task BeginLocked(ActivationWorkItem item)
    {
        if (item.IsAlwaysInterleave)
        {
            _runningInterleaved++;
        }
        else if (item.IsReadOnly)
        {
            _runningReaders++;
        }
        else
        {
            _runningWriters++;
        }
        item.Activation = this;
        return new Task(s_runItem, item, CancellationToken.None, TaskCreationOptions.DenyChildAttach);
    }

    private bool MayStart(ActivationWorkItem item) =>
        item.IsAlwaysInterleave || Class.IsReentrant || (_runningWriters == 0 && (_runningReaders == 0 || item.IsReadOnly));

    private async Task RunItemAsync(ActivationWorkItem item)
    {
        try
        {
            await item.RunAsync(this);
        }
        finally
        {
            OnCompleted(item);
        }
        item.Finish();
    }

    private void OnCompleted(ActivationWorkItem item)
    {
        lock (_lock)
        {
            if (item.IsAlwaysInterleave)
            {
                _runningInterleaved--;
            }
            else if (item.IsReadOnly)
            {
                _runningReaders--;
            }
            else
            {
                _runningWriters--;
            }
            if (item.KeepsAlive)
            {
                _lastActiveTicks = Runtime.Time.GetUtcNow().UtcTicks;
            }
            if (_state == ActivationState.Valid)
            {
                StartRunnableLocked();
                return;
            }
            if (_state != ActivationState.Deactivating || Running > 0 || _deactivationStarted)
            {
                return;
            }
            _deactivationStarted = true;
        }
        _ = FinishDeactivationAsync();
    }

    /// <summary>
    /// Runs grain code on the activation's scheduler within <paramref name="limit"/>, counted from when the code starts, not
    /// from when it was queued: code still queued cannot time out unrun (on a manual clock one Advance would otherwise skip
    /// OnDeactivateAsync entirely). Throws a <see cref="TimeoutException"/> naming <paramref name="what"/> when the limit passes.
    /// </summary>
    /// <summary>
    /// Runs OnActivateAsync / OnDeactivateAsync on the activation's scheduler with a token cancelled after
    /// <paramref name="limit"/>, and waits for the grain code to end even past the limit, as Orleans does: grain code that
    /// overruns still holds what it acquired (a file lock, a lease), so the activation must not leave the directory and
    /// let a second one start beside it. Code that ends by throwing because the token fired reports a timeout.
    /// </summary>
    private async Task RunGrainCodeAsync(Func<CancellationToken, Task> work, TimeSpan limit, string what)
    {
        using var cancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, Runtime.Time);
        var running = RunOnSchedulerAsync(() =>
        {
            cancellation.CancelAfter(limit);
            return work(cancellation.Token);
        });
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} of {GrainId} did not complete within {limit}.", exception);
        }
    }

    private Task RunOnSchedulerAsync(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _group.Scheduler).Unwrap();

    public override string ToString() => Address.ToString();

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Activated {Address}")]
    private static partial void LogDebugActivated(ILogger logger, GrainAddress address);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "{Grain} is already active at {Winner}; forwarding queued messages there")]
    private static partial void LogDebugDuplicate(ILogger logger, GrainId grain, GrainAddress winner);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Activation of {Grain} failed; queued calls get the error")]
    private static partial void LogWarningActivationFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {Grain} failed")]
    private static partial void LogWarningDeactivateFailed(ILogger logger, Exception exception, GrainId grain);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Could not remove the directory entry of {Address}")]
    private static partial void LogWarningUnregisterFailed(ILogger logger, Exception exception, GrainAddress address);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Deactivated {Address}: {Reason}")]
    private static partial void LogDebugDeactivated(ILogger logger, GrainAddress address, DeactivationReason reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Debug, Message = "Dropped expired request {Method} to {Grain}: its caller no longer waits")]
    private static partial void LogDebugExpired(ILogger logger, string method, GrainId grain);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "One-way call {Method} to {Grain} failed")]
    private static partial void LogWarningOneWayFailed(ILogger logger, Exception exception, string method, GrainId grain);
}
