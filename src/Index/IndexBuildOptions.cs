namespace OrleansVector.Index;

/// <summary>
/// How an index builds (not what it builds: that is the Milvus parameters). Applies to Build and to Add.
/// </summary>
public sealed record IndexBuildOptions
{
    /// <summary>All cores, sequential where the work is small.</summary>
    public static IndexBuildOptions Default { get; } = new();

    /// <summary>
    /// Threads a Build (HNSW linking, IVF k-means training and list assignment) may use: -1 = all cores (the default),
    /// 1 = one thread, which also makes an HNSW graph the same on every run (the parallel build links nodes in whatever
    /// order the threads reach them, so its graph, and recall, vary slightly from run to run).
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init => field = value is -1 or >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "MaxDegreeOfParallelism must be -1 (all cores) or 1 or greater.");
    } = -1;
}
