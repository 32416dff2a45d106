using System.Collections.Concurrent;

namespace OrleansVector.Runtime.Placement;

/// <summary>
/// The less loaded of two random candidates (power of two choices), by published activation count plus the activations
/// this silo placed there since. Each pick adds the number of candidates to the chosen silo's local tally, as Orleans does,
/// so silos placing at once between load updates do not all herd onto the same one.
/// </summary>
internal sealed class ActivationCountPlacementDirector : IPlacementDirector
{
    private const int ChooseOutOf = 2;

    private readonly ConcurrentDictionary<SiloAddress, int> _placedSinceUpdate = new();

    public SiloAddress Place(GrainId grainId, IReadOnlyList<PlacementCandidate> candidates, SiloAddress localSilo)
    {
        var best = candidates[Random.Shared.Next(candidates.Count)];
        for (var i = 1; i < Math.Min(ChooseOutOf, candidates.Count); i++)
        {
            var other = candidates[Random.Shared.Next(candidates.Count)];
            if (Load(other) < Load(best))
            {
                best = other;
            }
        }
        _placedSinceUpdate.AddOrUpdate(best.Silo, candidates.Count, (_, count) => count + candidates.Count);
        return best.Silo;
    }

    /// <summary>Forgets local tallies once fresh counts have been published.</summary>
    public void OnLoadPublished() => _placedSinceUpdate.Clear();

    private int Load(PlacementCandidate candidate) => candidate.ActivationCount + _placedSinceUpdate.GetValueOrDefault(candidate.Silo);
}
