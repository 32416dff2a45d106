namespace OrleansVector.Runtime.Placement;

/// <summary>How a grain class is placed on a directory miss (see the placement attributes).</summary>
public enum PlacementStrategy
{
    Random,
    PreferLocal,
    HashBased,
    ActivationCountBased,
    SiloRole,
    StatelessWorker,
}
