namespace OrleansVector.Runtime.Placement;

/// <summary>A silo that can take a new activation, with what placement needs to know about it.</summary>
internal readonly record struct PlacementCandidate(SiloAddress Silo, string Role, int ActivationCount);
