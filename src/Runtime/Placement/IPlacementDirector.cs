namespace OrleansVector.Runtime.Placement;

/// <summary>Picks the silo for a new activation among the candidates (never empty), by one strategy.</summary>
internal interface IPlacementDirector
{
    SiloAddress Place(GrainId grainId, IReadOnlyList<PlacementCandidate> candidates, SiloAddress localSilo);
}
