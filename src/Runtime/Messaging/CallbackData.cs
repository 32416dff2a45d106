using Google.Protobuf;
using OrleansVector.Runtime.Invocation;
using OrleansVector.Runtime.Scheduling;

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
/// check expires it once its deadline passed. The first answer (result, failure or expiry) claims it; later ones are
/// ignored.
/// <para>
/// A local callee answers from inside its own turn, and there the caller's continuation is set going at once, as Orleans
/// did before it pooled its completion sources: a grain caller's await continuation belongs to the caller's activation
/// scheduler, which refuses to run it inline on another activation's turn and queues it to the caller's group (onto this
/// thread's next slot, see <see cref="WorkItemGroup"/>), and .NET itself does not inline a default-context continuation
/// while a non-default scheduler's task is running, so the callee never runs its caller's code on its own turn. Answers
/// from anywhere else (a network response, a timeout check, a failing silo) set the caller going from the thread pool, so
/// a caller's code never runs on the runtime's own threads.
/// </para>
/// </summary>
internal sealed class CallbackData<T>(MessageCenter owner, long correlationId, GrainId target, MethodDescriptor method, TimeSpan timeout, long deadlineTimestamp)
    : TaskCompletionSource<T?>, IResponseSink, ICallback where T : class
{
    private CancellationTokenSource? _cancellation;
    private int _answered;

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
        if (Claim())
        {
            Deliver((T?)result, failure: null);
        }
    }

    public void Fail(Exception exception) => TryFail(exception);

    public void Expire()
    {
        if (TryFail(new TimeoutException(
            $"Response did not arrive on time in {timeout} for {method.FullName} on grain {target} (silo {TargetSilo?.ToString() ?? "not yet addressed"}).")))
        {
            owner.OnTimeout(target, method.FullName);
        }
    }

    private bool TryFail(Exception exception)
    {
        if (!Claim())
        {
            return false;
        }
        Volatile.Read(ref _cancellation)?.Cancel();
        Deliver(null, exception);
        return true;
    }

    private bool Claim()
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return false;
        }
        owner.Unregister(CorrelationId);
        return true;
    }

    private void Deliver(T? result, Exception? failure)
    {
        if (WorkItemGroup.Current is not null)
        {
            Set(result, failure);
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static answer => answer.Callback.Set(answer.Result, answer.Failure), (Callback: this, Result: result, Failure: failure), preferLocal: false);
    }

    private void Set(T? result, Exception? failure)
    {
        if (failure is null)
        {
            SetResult(result);
        }
        else
        {
            SetException(failure);
        }
    }
}
