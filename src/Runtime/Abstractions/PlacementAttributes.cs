using OrleansVector.Runtime.Placement;

namespace OrleansVector.Runtime;

/// <summary>Chooses where a grain class activates when the directory has no activation (decided by the calling silo).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class PlacementAttribute(PlacementStrategy strategy) : Attribute
{
    public PlacementStrategy Strategy { get; } = strategy;
}

/// <summary>A uniformly random compatible silo (the default).</summary>
public sealed class RandomPlacementAttribute() : PlacementAttribute(PlacementStrategy.Random);

/// <summary>The calling silo when it can host the grain, otherwise a random one.</summary>
public sealed class PreferLocalPlacementAttribute() : PlacementAttribute(PlacementStrategy.PreferLocal);

/// <summary>The silo at (stable grain hash mod silo count) in the sorted list of silos; moves when membership changes.</summary>
public sealed class HashBasedPlacementAttribute() : PlacementAttribute(PlacementStrategy.HashBased);

/// <summary>The less loaded of two random silos, by activation count.</summary>
public sealed class ActivationCountBasedPlacementAttribute() : PlacementAttribute(PlacementStrategy.ActivationCountBased);

/// <summary>A random silo whose role equals the grain's string key.</summary>
public sealed class SiloRoleBasedPlacementAttribute() : PlacementAttribute(PlacementStrategy.SiloRole);

/// <summary>
/// A pool of up to <see cref="MaxLocalWorkers"/> activations on every silo that calls it, with no directory entry and no
/// single-activation guarantee; for stateless work.
/// </summary>
public sealed class StatelessWorkerAttribute(int maxLocalWorkers) : PlacementAttribute(PlacementStrategy.StatelessWorker)
{
    public StatelessWorkerAttribute() : this(Environment.ProcessorCount)
    {
    }

    public int MaxLocalWorkers { get; } = maxLocalWorkers > 0
        ? maxLocalWorkers
        : throw new ArgumentOutOfRangeException(nameof(maxLocalWorkers), maxLocalWorkers, "A stateless worker pool needs at least one worker.");
}
