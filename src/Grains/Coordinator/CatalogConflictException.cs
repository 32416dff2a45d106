namespace OrleansVector.Grains.Coordinator;

/// <summary>
/// A catalog record changed in the metadata store since this coordinator read it: another coordinator activation (a
/// failover that overlapped this one) wrote it. This activation's state is stale; it must stop and reload.
/// </summary>
public sealed class CatalogConflictException(string message) : Exception(message);
