namespace OrleansVector.Runtime;

/// <summary>One activation (in-memory instance) of a grain; a new one each time the grain activates.</summary>
public readonly record struct ActivationId(Guid Value)
{
    public static ActivationId NewId() => new(Guid.NewGuid());

    public override string ToString() => $"@{Value:N}";
}
