namespace OrleansVector.Storage.Tso;

/// <summary>Settings of the <see cref="TimestampOracle"/>.</summary>
public sealed class TimestampOracleOptions
{
    /// <summary>Metadata key holding the persisted high-water physical time (Unix ms, 8 bytes little-endian).</summary>
    public string Key { get; set; } = "tso/high-water";

    /// <summary>
    /// How far ahead of the served time the high-water mark is persisted: one metadata write per window, and after a
    /// restart timestamps start above it. Longer windows mean fewer writes; a restart skips at most one window.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws an exception naming the first invalid setting.</summary>
    public void Validate()
    {
        Metadata.MetadataKey.Validate(Key);
        if (Window < TimeSpan.FromMilliseconds(1) || Window > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "must be between 1 ms and 1 h");
        }
    }
}
