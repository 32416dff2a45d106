namespace OrleansVector.Runtime.Configuration;

/// <summary>Activation and deactivation timeouts and idle collection (see <see cref="KeepAliveAttribute"/>).</summary>
public sealed class GrainCollectionOptions : IValidatedOptions
{
    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an activation may be idle before it is collected.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per grain type name, an age that replaces <see cref="CollectionAge"/> (and a class's <see cref="CollectionAgeLimitAttribute"/>).</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new(StringComparer.Ordinal);

    /// <summary>How long registration, state loading and OnActivateAsync may take together.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long OnDeactivateAsync may take.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate() =>
        OptionChecks.Positive(nameof(CollectionQuantum), CollectionQuantum)
            .Concat(OptionChecks.Positive(nameof(CollectionAge), CollectionAge))
            .Concat(OptionChecks.Positive(nameof(ActivationTimeout), ActivationTimeout))
            .Concat(OptionChecks.Positive(nameof(DeactivationTimeout), DeactivationTimeout))
            .Concat(ClassSpecificCollectionAge.SelectMany(p => OptionChecks.Positive($"{nameof(ClassSpecificCollectionAge)}[{p.Key}]", p.Value)));
}
