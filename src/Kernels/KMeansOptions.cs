namespace OrleansVector.Kernels;

/// <summary>Settings of <see cref="KMeans.Train"/>.</summary>
public sealed record KMeansOptions
{
    /// <summary>Lloyd iterations after the k-means++ initialisation; training stops earlier once no row changes cluster.</summary>
    public int Iterations { get; init; } = 20;

    public int Seed { get; init; } = 42;

    /// <summary>Training uses a random sample of at most k times this many rows when the input is larger.</summary>
    public int MaxSamplesPerCentroid { get; init; } = 256;

    /// <summary>-1 uses all cores. The result does not depend on this value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (Iterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Iterations must be 0 or greater.");
        }

        if (MaxSamplesPerCentroid < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSamplesPerCentroid), MaxSamplesPerCentroid, "MaxSamplesPerCentroid must be 1 or greater.");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 (all cores) or 1 or greater.");
        }
    }
}
