namespace OrleansVector.Index.Datasets;

/// <summary>The distributions <see cref="SyntheticData"/> can sample.</summary>
public enum SyntheticKind
{
    /// <summary>A Gaussian mixture in a low-dimensional latent space, projected to the output dimension plus noise: the structure of real embeddings.</summary>
    Clustered,

    /// <summary>Independent uniform values in [0, 1): no structure, adversarial for graph and IVF indexes.</summary>
    Uniform,
}
