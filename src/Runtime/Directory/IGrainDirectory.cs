namespace OrleansVector.Runtime;

/// <summary>
/// Where each grain's single activation lives. Registration is check-and-set: the entry is stored only when there is none
/// (or it equals <c>previous</c>); otherwise the existing entry — the winner — is returned. An entry is bound to its silo's
/// lease and disappears with it. Implementations: <see cref="InMemoryGrainDirectory"/> and etcd.
/// </summary>
public interface IGrainDirectory
{
    /// <summary>Registers <paramref name="address"/> under lease <paramref name="leaseId"/>; returns the address that holds the entry afterwards.</summary>
    Task<GrainAddress> RegisterAsync(GrainAddress address, GrainAddress? previous, long leaseId, CancellationToken cancellationToken);

    /// <summary>Removes the entry only if it is exactly <paramref name="address"/>.</summary>
    Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken);

    Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken);
}
