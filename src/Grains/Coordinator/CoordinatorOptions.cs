using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Grains.Coordinator;

/// <summary>Settings of the coordinator grain (configure with SiloBuilder.Configure&lt;CoordinatorOptions&gt;).</summary>
public sealed class CoordinatorOptions
{
    /// <summary>The cluster prefix of channel names (Milvus's msgChannel.chanNamePrefix.cluster, "by-dev" by default).</summary>
    public string ChannelPrefix { get; set; } = "by-dev";

    /// <summary>Physical channels the virtual channels are spread over (Milvus's rootCoord.dmlChannelNum is 16).</summary>
    public int PhysicalChannelCount { get; set; } = 16;

    /// <summary>Databases allowed besides none (Milvus's rootCoord.maxDatabaseNum, 64).</summary>
    public int MaxDatabases { get; set; } = 64;

    /// <summary>Collections allowed in the cluster (Milvus's quotaAndLimits.limits.maxCollectionNum, 65,536).</summary>
    public int MaxCollections { get; set; } = 65536;

    /// <summary>Index builds the coordinator runs at once; more wait for a free slot.</summary>
    public int MaxConcurrentIndexBuilds { get; set; } = 2;

    /// <summary>How often the coordinator deletes files nothing references.</summary>
    public TimeSpan GarbageCollectionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How old an unreferenced file must be before it is deleted, and how long a compacted-away segment's files outlive
    /// the compaction (Milvus's dataCoord.gc.missingTolerance / dropTolerance). Covers the time between a shard writing
    /// binlogs and recording them, and segment grains finishing with a replaced segment.
    /// </summary>
    public TimeSpan GarbageCollectionGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether the coordinator compacts every <see cref="CompactionInterval"/> on its own (Milvus's dataCoord.enableAutoCompaction).</summary>
    public bool AutoCompaction { get; set; } = true;

    /// <summary>How often automatic compaction looks for segments to merge (Milvus's dataCoord.compaction.mix.triggerInterval, 60 s).</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The largest segment a merge writes, in estimated bytes (Milvus's dataCoord.segment.maxSize, 1024 MB). Rows are sized
    /// from the schema (<see cref="OrleansVector.Grains.Schema.RowSizeEstimate"/>), so 1M rows of 128-d floats (512 MB) merge into one segment.
    /// </summary>
    public long MaxSegmentSize { get; set; } = 1L << 30;

    /// <summary>
    /// A sealed segment smaller than this share of <see cref="MaxSegmentSize"/> is small: a shard's small segments of one
    /// partition are merged (Milvus's dataCoord.segment.smallProportion, 0.5).
    /// </summary>
    public double CompactionSmallProportion { get; set; } = 0.5;

    /// <summary>The fewest small segments merged at once (Milvus's dataCoord.compaction.min.segment, 3).</summary>
    public int CompactionMinSegments { get; set; } = 3;

    /// <summary>
    /// A segment whose delta logs delete at least this share of its rows is rewritten without them, on its own when no merge
    /// takes it (Milvus's dataCoord.compaction.single.ratio.threshold, 0.2).
    /// </summary>
    public double CompactionDeletedRatio { get; set; } = 0.2;

    /// <summary>Compaction plans the coordinator runs at once; more wait for a free slot.</summary>
    public int MaxConcurrentCompactions { get; set; } = 2;

    /// <summary>The object-store folder the segment files lie under ("" = the top, as SegmentObjectKeys' default root).</summary>
    public string ObjectRoot { get; set; } = "";

    /// <summary>Throws naming every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ChannelPrefix) || ChannelPrefix.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')))
        {
            errors.Add($"ChannelPrefix = '{ChannelPrefix}' must be non-empty letters, digits, '-', '_' or '.'");
        }
        Positive(errors, nameof(PhysicalChannelCount), PhysicalChannelCount);
        Positive(errors, nameof(MaxDatabases), MaxDatabases);
        Positive(errors, nameof(MaxCollections), MaxCollections);
        Positive(errors, nameof(MaxConcurrentIndexBuilds), MaxConcurrentIndexBuilds);
        if (GarbageCollectionInterval <= TimeSpan.Zero)
        {
            errors.Add($"GarbageCollectionInterval = {GarbageCollectionInterval} must be positive");
        }
        if (GarbageCollectionGracePeriod < TimeSpan.Zero)
        {
            errors.Add($"GarbageCollectionGracePeriod = {GarbageCollectionGracePeriod} must not be negative");
        }
        if (CompactionInterval <= TimeSpan.Zero)
        {
            errors.Add($"CompactionInterval = {CompactionInterval} must be positive");
        }
        if (MaxSegmentSize < 1)
        {
            errors.Add($"MaxSegmentSize = {MaxSegmentSize} must be at least 1 byte");
        }
        if (!(CompactionSmallProportion > 0 && CompactionSmallProportion <= 1))
        {
            errors.Add($"CompactionSmallProportion = {CompactionSmallProportion} must be in (0, 1]");
        }
        if (CompactionMinSegments < 2)
        {
            errors.Add($"CompactionMinSegments = {CompactionMinSegments} must be at least 2");
        }
        if (!(CompactionDeletedRatio > 0 && CompactionDeletedRatio <= 1))
        {
            errors.Add($"CompactionDeletedRatio = {CompactionDeletedRatio} must be in (0, 1]");
        }
        Positive(errors, nameof(MaxConcurrentCompactions), MaxConcurrentCompactions);
        if (ObjectRoot.Length > 0)
        {
            try
            {
                ObjectKey.Validate(ObjectRoot, nameof(ObjectRoot));
            }
            catch (ArgumentException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(CoordinatorOptions)}: {string.Join("; ", errors)}.");
        }
    }

    private static void Positive(List<string> errors, string name, int value)
    {
        if (value < 1)
        {
            errors.Add($"{name} = {value} must be at least 1");
        }
    }
}
