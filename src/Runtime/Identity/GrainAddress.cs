namespace OrleansVector.Runtime;

/// <summary>Where an activation of a grain lives: the directory's value for a <see cref="GrainId"/>.</summary>
public sealed record GrainAddress(GrainId GrainId, ActivationId ActivationId, SiloAddress Silo)
{
    public override string ToString() => $"{GrainId}{ActivationId} on {Silo}";
}
