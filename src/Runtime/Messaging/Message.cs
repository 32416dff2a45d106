using System.Collections.Immutable;
using Google.Protobuf;
using OrleansVector.Runtime.Catalog;
using OrleansVector.Runtime.Invocation;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// A request on its way to (or queued at) an activation. Arguments are already private to it: cloned for local callers,
/// freshly parsed for remote ones. A one-way request has no sink.
/// </summary>
internal sealed class Message(GrainId target, MethodDescriptor method, object?[] arguments, IResponseSink? sink) : ActivationWorkItem
{
    private Outcome _outcome;
    private IMessage? _result;
    private Exception? _failure;

    private enum Outcome : byte
    {
        /// <summary>Not run, or dropped because it expired: the caller gets nothing (its timeout answers it).</summary>
        None,
        Result,
        Failure,
    }

    public GrainId Target { get; } = target;

    public MethodDescriptor Method { get; } = method;

    public object?[] Arguments { get; } = arguments;

    public IResponseSink? Sink { get; } = sink;

    public ImmutableDictionary<string, string>? Context { get; init; }

    /// <summary>How often this message was forwarded to repair a stale address.</summary>
    public int ForwardCount { get; set; }

    /// <summary>The silo it was addressed to last.</summary>
    public SiloAddress? TargetSilo { get; set; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> after which the caller no longer waits; expired messages are dropped.</summary>
    public long DeadlineTimestamp { get; init; } = long.MaxValue;

    /// <summary>The message center that delivered it, which re-routes it if its activation goes away.</summary>
    public MessageCenter? Router { get; set; }

    public override bool IsReadOnly => (Method.Flags & MethodFlags.ReadOnly) != 0;

    public override bool IsAlwaysInterleave => (Method.Flags & MethodFlags.AlwaysInterleave) != 0;

    public override bool KeepsAlive => true;

    public override Task RunAsync(ActivationData activation) => activation.InvokeAsync(this);

    /// <summary>Records the grain method's result, sent to the caller by <see cref="Finish"/>.</summary>
    public void SetResult(IMessage? result) => (_outcome, _result) = (Outcome.Result, result);

    /// <summary>Records the grain method's exception, sent to the caller by <see cref="Finish"/>.</summary>
    public void SetFailure(Exception failure) => (_outcome, _failure) = (Outcome.Failure, failure);

    public override void Finish()
    {
        switch (_outcome)
        {
            case Outcome.Result:
                Sink?.Complete(_result);
                break;
            case Outcome.Failure:
                Sink?.Fail(_failure!);
                break;
        }
    }

    public override void OnActivationGone(ActivationData activation, Exception? failure)
    {
        if (failure is not null)
        {
            Sink?.Fail(failure);
        }
        else if (Router is { } router)
        {
            router.Forward(this, activation.ForwardingAddress);
        }
        else
        {
            Sink?.Fail(new SiloUnavailableException($"The activation of {Target} went away and the message cannot be re-routed."));
        }
    }

    public override string ToString() => $"{Method.FullName} to {Target}";
}
