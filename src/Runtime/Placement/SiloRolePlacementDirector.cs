namespace OrleansVector.Runtime.Placement;

/// <summary>A random candidate whose role is the grain's key.</summary>
internal sealed class SiloRolePlacementDirector : IPlacementDirector
{
    public SiloAddress Place(GrainId grainId, IReadOnlyList<PlacementCandidate> candidates, SiloAddress localSilo)
    {
        var matching = candidates.Where(c => string.Equals(c.Role, grainId.Key, StringComparison.Ordinal)).ToList();
        return matching.Count == 0
            ? throw new SiloUnavailableException($"No active silo has role '{grainId.Key}', which {grainId} needs.")
            : matching[Random.Shared.Next(matching.Count)].Silo;
    }
}
