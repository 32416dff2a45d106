using System.Collections.Immutable;
using OrleansVector.Runtime.Catalog;
using OrleansVector.Runtime.Invocation;

namespace OrleansVector.Runtime.Messaging;

/// <summary>
/// A request on its way to (or queued at) an activation. Arguments are already private to it: cloned for local callers,
/// freshly parsed for remote ones. A one-way request has no sink.
/// </summary>
internal sealed class Message(GrainId target, MethodDescriptor method, object?[] arguments, IResponseSink? sink) : ActivationWorkItem
{
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
