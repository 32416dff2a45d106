using OrleansVector.Runtime.Configuration;

namespace OrleansVector.Grains.Collection;

/// <summary>How the data path seals segments and keeps reads fresh (configure with SiloBuilder.Configure&lt;DataPathOptions&gt;).</summary>
public sealed class DataPathOptions : IValidatedOptions
{
    /// <summary>How often an idle shard advances its tSafe (Milvus publishes time ticks every 200 ms).</summary>
    public TimeSpan TSafeInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The staleness a Bounded read accepts (Milvus's common.gracefulTime, 5 s).</summary>
    public TimeSpan BoundedStaleness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a Bounded read may estimate "now" from a timestamp allocated earlier instead of asking the coordinator
    /// (at most <see cref="BoundedStaleness"/>; zero asks every time).
    /// </summary>
    public TimeSpan BoundedTimestampReuse { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a read waits for a guarantee timestamp ahead of the shard's clock before it fails.</summary>
    public TimeSpan GuaranteeWaitLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A growing segment seals once it holds this many rows.</summary>
    public int SealRowCount { get; set; } = 100_000;

    /// <summary>A growing segment with rows seals after this long without writes.</summary>
    public TimeSpan SealIdleTime { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<string> Validate()
    {
        if (TSafeInterval <= TimeSpan.Zero)
        {
            yield return $"{nameof(TSafeInterval)} = {TSafeInterval} must be positive";
        }
        if (BoundedStaleness < TimeSpan.Zero)
        {
            yield return $"{nameof(BoundedStaleness)} = {BoundedStaleness} must be zero or more";
        }
        if (BoundedTimestampReuse < TimeSpan.Zero)
        {
            yield return $"{nameof(BoundedTimestampReuse)} = {BoundedTimestampReuse} must be zero or more";
        }
        if (GuaranteeWaitLimit <= TimeSpan.Zero)
        {
            yield return $"{nameof(GuaranteeWaitLimit)} = {GuaranteeWaitLimit} must be positive";
        }
        if (SealRowCount < 1)
        {
            yield return $"{nameof(SealRowCount)} = {SealRowCount} must be at least 1";
        }
        if (SealIdleTime <= TimeSpan.Zero)
        {
            yield return $"{nameof(SealIdleTime)} = {SealIdleTime} must be positive";
        }
    }
}
