namespace OrleansVector.Runtime.Configuration;

/// <summary>Which cluster a silo or client belongs to; messages carrying another cluster id are rejected.</summary>
public sealed class ClusterOptions : IValidatedOptions
{
    public string ClusterId { get; set; } = "default";

    public IEnumerable<string> Validate() => OptionChecks.NotEmpty(nameof(ClusterId), ClusterId);
}
