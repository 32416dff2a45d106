using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

public interface IActivatingCallerGrain : IGrainWithStringKey
{
    /// <summary>Calls the held callee named by the text, which activates it, and returns its answer.</summary>
    Task<Text> CallHeld(Text callee);

    /// <summary>
    /// Arrives at this grain's probe, then blocks its turn until the callee named by the text has served a request (at
    /// most <see cref="ActivatingCallerGrain.BlockLimit"/>): 1 when it did, 0 when the limit passed.
    /// </summary>
    [AlwaysInterleave]
    Task<Number> BlockUntilCalleeServed(Text callee);
}

public sealed class ActivatingCallerGrain : Grain, IActivatingCallerGrain
{
    public static readonly TimeSpan BlockLimit = TimeSpan.FromSeconds(10);

    public Task<Text> CallHeld(Text callee) => GrainFactory.GetGrain<IHeldCalleeGrain>(callee.Value).Hello();

    public Task<Number> BlockUntilCalleeServed(Text callee)
    {
        // Blocking a turn is wrong in real grain code; here it keeps this activation's queue busy on purpose.
        Probe.For(GrainId.Key).Arrive();
        var served = Probe.For(callee.Value).AllArrived.Task.Wait(BlockLimit);
        return Task.FromResult(new Number { Value = served ? 1 : 0 });
    }
}

public interface IHeldCalleeGrain : IGrainWithStringKey
{
    /// <summary>Arrives at the grain's probe and answers.</summary>
    Task<Text> Hello();
}

/// <summary>OnActivateAsync waits for its probe's gate.</summary>
public sealed class HeldCalleeGrain : Grain, IHeldCalleeGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Probe.For(GrainId.Key).Gate.Task;

    public Task<Text> Hello()
    {
        Probe.For(GrainId.Key).Arrive();
        return Task.FromResult(new Text { Value = "served" });
    }
}
