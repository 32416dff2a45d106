namespace OrleansVector.Gateway.Metrics;

/// <summary>What the hosting silo's runtime tells about its grain activations, for /metrics.</summary>
public interface IActivationCountSource
{
    /// <summary>Activations hosted now, by grain type where the runtime tells types apart.</summary>
    IReadOnlyDictionary<string, long> ActivationsByGrainType();

    /// <summary>Activations created since the silo started.</summary>
    long ActivationsCreated { get; }
}
