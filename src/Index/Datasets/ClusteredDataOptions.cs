namespace OrleansVector.Index.Datasets;

/// <summary>
/// Shape of <see cref="SyntheticKind.Clustered"/> data. A point is x = Aᵀ(c + s·g) + n·e, where c is one of
/// <see cref="Clusters"/> centres drawn from N(0, <see cref="CentreSpread"/>²) in a latent space of
/// <see cref="IntrinsicDim"/> dimensions, g and e are standard normal, s = <see cref="ClusterSpread"/>,
/// n = <see cref="Noise"/>, and A is a fixed random latent-to-output projection with N(0, 1/latent) entries.
/// Low intrinsic dimension is what makes real embeddings searchable by graphs and IVF at high recall.
/// </summary>
public sealed record ClusteredDataOptions
{
    public int Clusters { get; init; } = 100;

    /// <summary>Latent dimensions; clamped to the output dimension.</summary>
    public int IntrinsicDim { get; init; } = 24;

    public double CentreSpread { get; init; } = 3.0;

    public double ClusterSpread { get; init; } = 1.0;

    /// <summary>Standard deviation of the isotropic noise added in the output space.</summary>
    public double Noise { get; init; } = 0.1;

    public void Validate()
    {
        if (Clusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Clusters), Clusters, "clusters must be at least 1");
        }
        if (IntrinsicDim < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IntrinsicDim), IntrinsicDim, "intrinsic dimension must be at least 1");
        }
        foreach (var (name, value) in new[] { (nameof(CentreSpread), CentreSpread), (nameof(ClusterSpread), ClusterSpread), (nameof(Noise), Noise) })
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0");
            }
        }
    }
}
