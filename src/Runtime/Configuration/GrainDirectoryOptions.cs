namespace OrleansVector.Runtime.Configuration;

/// <summary>The caller-side cache of directory lookups.</summary>
public sealed class GrainDirectoryOptions : IValidatedOptions
{
    /// <summary>How many grain addresses a silo keeps; past it the least recently used are dropped (they are looked up again).</summary>
    public int CacheSize { get; set; } = 1_000_000;

    public IEnumerable<string> Validate() => OptionChecks.Positive(nameof(CacheSize), CacheSize);
}
