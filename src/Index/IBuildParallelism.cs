namespace OrleansVector.Index;

/// <summary>Where the factory sets <see cref="IndexBuildOptions.MaxDegreeOfParallelism"/> on the index it creates.</summary>
internal interface IBuildParallelism
{
    /// <summary>Threads Build and Add may use: -1 = all cores, 1 = one thread (deterministic).</summary>
    int BuildThreads { get; set; }
}
