namespace OrleansVector.Runtime;

/// <summary>
/// Names the grain type of a grain interface (the first part of a <see cref="GrainId"/>). Without it the name is the
/// interface name without the leading 'I' and trailing "Grain", lower-cased: <c>IShardGrain</c> is <c>shard</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
