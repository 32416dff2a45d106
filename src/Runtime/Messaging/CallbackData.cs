using Google.Protobuf;
using OrleansVector.Runtime.Invocation;

namespace OrleansVector.Runtime.Messaging;

/// <summary>A caller waiting for a response: completes once, with the result, the callee's exception, a timeout or the silo's death.</summary>
internal interface ICallback
{
    long CorrelationId { get; }

    /// <summary>The silo the call was sent to, so the call fails fast if that silo dies.</summary>
    SiloAddress? TargetSilo { get; set; }

    /// <summary>Cancelled when the caller stops waiting, to abandon a remote request in flight.</summary>
    CancellationToken CancellationToken { get; }

    void Fail(Exception exception);
}

/// <summary>
/// The pending call of a local caller. A timer from the silo's <see cref="TimeProvider"/> fails it with a
/// <see cref="TimeoutException"/> naming grain and method. Continuations run asynchronously so a callee never runs its
/// caller's code on its own turn.
/// </summary>
internal sealed class CallbackData<T> : IResponseSink, ICallback where T : class
{
    private readonly TaskCompletionSource<T?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MessageCenter _owner;
    private readonly GrainId _target;
    private readonly MethodDescriptor _method;
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;
    private CancellationTokenSource? _cancellation;

    public CallbackData(MessageCenter owner, long correlationId, GrainId target, MethodDescriptor method, TimeSpan timeout, TimeProvider time)
    {
        _owner = owner;
        CorrelationId = correlationId;
        _target = target;
        _method = method;
        _timeout = timeout;
        _timer = time.CreateTimer(static s => ((CallbackData<T>)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public long CorrelationId { get; }

    public SiloAddress? TargetSilo { get; set; }

    public Task<T?> Task => _completion.Task;

    public bool IsLocal => true;

    public CancellationToken CancellationToken
    {
        get
        {
            Interlocked.CompareExchange(ref _cancellation, new CancellationTokenSource(), null);
            return _cancellation.Token;
        }
    }

    public void Complete(IMessage? result)
    {
        if (_completion.TrySetResult((T?)result))
        {
            Finish(cancelRemote: false);
        }
    }

    public void Fail(Exception exception)
    {
        if (_completion.TrySetException(exception))
        {
            Finish(cancelRemote: true);
        }
    }

    private void OnTimeout()
    {
        _owner.OnTimeout(_target, _method.FullName);
        Fail(new TimeoutException($"Response did not arrive on time in {_timeout} for {_method.FullName} on grain {_target} (silo {TargetSilo?.ToString() ?? "not yet addressed"})."));
    }

    private void Finish(bool cancelRemote)
    {
        _timer.Dispose();
        _owner.Unregister(CorrelationId);
        if (cancelRemote)
        {
            Volatile.Read(ref _cancellation)?.Cancel();
        }
    }
}
