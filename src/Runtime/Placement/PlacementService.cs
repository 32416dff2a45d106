using OrleansVector.Runtime.Hosting;

namespace OrleansVector.Runtime.Placement;

/// <summary>Chooses a silo for a grain that has no activation, by the grain class's strategy, among the silos accepting activations.</summary>
internal sealed class PlacementService
{
    private readonly SiloRuntime _runtime;
    private readonly IPlacementDirector _random = new RandomPlacementDirector();
    private readonly IPlacementDirector _preferLocal;
    private readonly IPlacementDirector _hashBased = new HashBasedPlacementDirector();
    private readonly ActivationCountPlacementDirector _activationCount = new();
    private readonly IPlacementDirector _siloRole = new SiloRolePlacementDirector();
    private long _loadVersion;

    public PlacementService(SiloRuntime runtime)
    {
        _runtime = runtime;
        _preferLocal = new PreferLocalPlacementDirector(_random);
    }

    public SiloAddress Place(GrainId grainId, PlacementStrategy strategy)
    {
        var local = _runtime.LocalSilo;
        if (strategy == PlacementStrategy.StatelessWorker)
        {
            return local;
        }
        var snapshot = _runtime.Membership.Snapshot;
        if (Interlocked.Exchange(ref _loadVersion, snapshot.Version) != snapshot.Version)
        {
            _activationCount.OnLoadPublished();
        }
        var candidates = new List<PlacementCandidate>(snapshot.Members.Length + 1);
        foreach (var member in snapshot.Members)
        {
            if (member.Status == SiloStatus.Active && member.Address != local && !_runtime.Membership.IsDead(member.Address))
            {
                candidates.Add(new PlacementCandidate(member.Address, member.Role, member.ActivationCount));
            }
        }
        if (_runtime.AcceptsNewActivations)
        {
            candidates.Add(new PlacementCandidate(local, _runtime.Silo.Role, _runtime.Catalog.Count));
        }
        if (candidates.Count == 0)
        {
            throw new SiloUnavailableException($"No active silo can host {grainId}.");
        }
        var director = strategy switch
        {
            PlacementStrategy.PreferLocal => _preferLocal,
            PlacementStrategy.HashBased => _hashBased,
            PlacementStrategy.ActivationCountBased => _activationCount,
            PlacementStrategy.SiloRole => _siloRole,
            _ => _random,
        };
        return director.Place(grainId, candidates, local);
    }
}
