namespace OrleansVector.Storage.Metadata;

/// <summary>Conditions that must all hold, and the operations applied atomically when they do.</summary>
public sealed class MetadataTransaction
{
    /// <summary>Guards; an empty list always holds.</summary>
    public List<MetadataCondition> Conditions { get; } = [];

    /// <summary>Writes applied in order at one revision when every condition holds.</summary>
    public List<MetadataOperation> Operations { get; } = [];

    public MetadataTransaction When(MetadataCondition condition)
    {
        Conditions.Add(condition);
        return this;
    }

    public MetadataTransaction Then(MetadataOperation operation)
    {
        Operations.Add(operation);
        return this;
    }
}
