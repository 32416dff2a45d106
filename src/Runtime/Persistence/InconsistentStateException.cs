namespace OrleansVector.Runtime;

/// <summary>A state write carried an ETag that no longer matches the stored record: another activation (or writer) got there first.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message) : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InconsistentStateException(string message, string? storedEtag, string? currentEtag) : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The ETag in storage.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer presented.</summary>
    public string? CurrentEtag { get; }
}
