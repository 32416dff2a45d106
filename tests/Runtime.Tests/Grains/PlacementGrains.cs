using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests.Grains;

/// <summary>Every placement test grain answers with the silo it lives on.</summary>
public interface IWhereGrain : IGrain
{
    Task<Text> Where();
}

public abstract class WhereGrain : Grain, IWhereGrain
{
    public Task<Text> Where() => Task.FromResult(new Text { Value = Silo.ToString() });
}

public interface IRandomGrain : IWhereGrain, IGrainWithStringKey;

[RandomPlacement]
public sealed class RandomGrain : WhereGrain, IRandomGrain;

public interface IPreferLocalGrain : IWhereGrain, IGrainWithStringKey;

[PreferLocalPlacement]
public sealed class PreferLocalGrain : WhereGrain, IPreferLocalGrain;

public interface IHashBasedGrain : IWhereGrain, IGrainWithStringKey;

[HashBasedPlacement]
public sealed class HashBasedGrain : WhereGrain, IHashBasedGrain;

public interface IActivationCountGrain : IWhereGrain, IGrainWithStringKey;

[ActivationCountBasedPlacement]
public sealed class ActivationCountGrain : WhereGrain, IActivationCountGrain;

public interface IRoleGrain : IWhereGrain, IGrainWithStringKey;

[SiloRoleBasedPlacement]
public sealed class RoleGrain : WhereGrain, IRoleGrain;

public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Waits at the probe gate and returns this worker's identity.</summary>
    Task<Text> Hold();
}

[StatelessWorker(2)]
public sealed class WorkerGrain : Grain, IWorkerGrain
{
    public async Task<Text> Hold()
    {
        var probe = Probe.For(GrainId.Key);
        probe.Arrive();
        await probe.Gate.Task;
        return new Text { Value = IdentityString };
    }
}
