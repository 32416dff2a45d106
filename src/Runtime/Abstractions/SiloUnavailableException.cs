namespace OrleansVector.Runtime;

/// <summary>
/// The call could not reach a live silo (the target is dead, stopped, fenced or an earlier incarnation). The outcome is
/// unknown only when the message had already been delivered; nothing is retried automatically.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message) : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
