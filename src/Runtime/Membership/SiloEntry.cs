namespace OrleansVector.Runtime;

/// <summary>One member of the cluster as the membership table stores it.</summary>
public sealed record SiloEntry(SiloAddress Address, string Name, string Role, SiloStatus Status, int ActivationCount);
