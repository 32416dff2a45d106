namespace OrleansVector.Runtime.Placement;

/// <summary>
/// The candidate at (stable grain hash mod count) after sorting by address, so every silo picks the same one for a grain.
/// Plain modulo, as in Orleans: the choice moves when membership changes.
/// </summary>
internal sealed class HashBasedPlacementDirector : IPlacementDirector
{
    public SiloAddress Place(GrainId grainId, IReadOnlyList<PlacementCandidate> candidates, SiloAddress localSilo)
    {
        var sorted = candidates.Select(c => c.Silo).OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        return sorted[(int)(grainId.GetUniformHashCode() & 0x7fffffff) % sorted.Count];
    }
}
