namespace OrleansVector.Runtime;

/// <summary>An exception thrown by grain code on another silo whose type this process cannot create; keeps its type name and message.</summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException()
    {
    }

    public RemoteGrainException(string message) : base(message)
    {
    }

    public RemoteGrainException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public RemoteGrainException(string originalType, string message, string? remoteStackTrace) : base(message)
    {
        OriginalType = originalType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception type thrown by the grain.</summary>
    public string? OriginalType { get; }

    public string? RemoteStackTrace { get; }

    public override string ToString() => $"{OriginalType}: {Message}{Environment.NewLine}{RemoteStackTrace}";
}
