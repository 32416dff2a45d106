namespace OrleansVector.Runtime.Placement;

/// <summary>The calling silo when it is a candidate, otherwise a random one.</summary>
internal sealed class PreferLocalPlacementDirector(IPlacementDirector fallback) : IPlacementDirector
{
    public SiloAddress Place(GrainId grainId, IReadOnlyList<PlacementCandidate> candidates, SiloAddress localSilo)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Silo == localSilo)
            {
                return localSilo;
            }
        }
        return fallback.Place(grainId, candidates, localSilo);
    }
}
