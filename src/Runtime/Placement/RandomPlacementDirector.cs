namespace OrleansVector.Runtime.Placement;

/// <summary>A uniformly random candidate.</summary>
internal sealed class RandomPlacementDirector : IPlacementDirector
{
    public SiloAddress Place(GrainId grainId, IReadOnlyList<PlacementCandidate> candidates, SiloAddress localSilo) =>
        candidates[Random.Shared.Next(candidates.Count)].Silo;
}
