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

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the caller stops waiting.</summary>
    long DeadlineTimestamp { get; }

    /// <summary>Fails the call with a <see cref="TimeoutException"/> naming grain and method (the deadline passed).</summary>
    void Expire();

    void Fail(Exception exception);
}

/// <summary>
/// The pending call of a local caller, and the task it awaits. It holds no timer: the message center's periodic timeout
/// check expires it once its deadline passed. Continuations run asynchronously so a callee never runs its caller's code
/// on its own turn.
/// </summary>
internal sealed class CallbackData<T>(MessageCenter owner, long correlationId, GrainId target, MethodDescriptor method, TimeSpan timeout, long deadlineTimestamp)
    : TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously), IResponseSink, ICallback where T : class
{
    private CancellationTokenSource? _cancellation;

    public long CorrelationId { get; } = correlationId;

    public SiloAddress? TargetSilo { get; set; }

    public long DeadlineTimestamp { get; } = deadlineTimestamp;

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
        if (TrySetResult((T?)result))
        {
            owner.Unregister(CorrelationId);
        }
    }

    public void Fail(Exception exception) => TryFail(exception);

    public void Expire()
    {
        if (!Task.IsCompleted && TryFail(new TimeoutException(
            $"Response did not arrive on time in {timeout} for {method.FullName} on grain {target} (silo {TargetSilo?.ToString() ?? "not yet addressed"}).")))
        {
            owner.OnTimeout(target, method.FullName);
        }
    }

    private bool TryFail(Exception exception)
    {
        if (!TrySetException(exception))
        {
            return false;
        }
        owner.Unregister(CorrelationId);
        Volatile.Read(ref _cancellation)?.Cancel();
        return true;
    }
}
