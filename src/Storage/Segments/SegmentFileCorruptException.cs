namespace OrleansVector.Storage.Segments;

/// <summary>A segment file (binlog, delta log or stats log) fails verification: damaged, truncated or of an unknown format.</summary>
public sealed class SegmentFileCorruptException : IOException
{
    public SegmentFileCorruptException(string key, string problem, Exception? inner = null)
        : base($"Segment file '{key}' is unreadable: {problem}.", inner)
    {
        Key = key;
    }

    /// <summary>The object key (or file name) of the file.</summary>
    public string Key { get; }
}
