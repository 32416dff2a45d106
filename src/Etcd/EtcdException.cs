namespace OrleansVector.Etcd;

/// <summary>An etcd call failed; <see cref="StatusCode"/> is the gRPC status and the message is etcd's own.</summary>
public class EtcdException : Exception
{
    public EtcdException(EtcdStatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>The gRPC status etcd answered with.</summary>
    public EtcdStatusCode StatusCode { get; }

    /// <summary>The typed exception for a status: unavailability, missing leases and compaction each have their own.</summary>
    internal static EtcdException From(EtcdStatusCode code, string method, string message, Exception? inner = null)
    {
        var text = $"etcd {method}: {code}: {message}";
        return code switch
        {
            EtcdStatusCode.Unavailable or EtcdStatusCode.DeadlineExceeded => new EtcdUnavailableException(code, text, inner),
            EtcdStatusCode.NotFound when message.Contains("lease", StringComparison.OrdinalIgnoreCase) => new EtcdLeaseNotFoundException(text),
            EtcdStatusCode.OutOfRange when message.Contains("compacted", StringComparison.OrdinalIgnoreCase) => new EtcdCompactedException(text),
            _ => new EtcdException(code, text, inner),
        };
    }
}

/// <summary>etcd could not be reached or did not answer in time; the call may or may not have taken effect.</summary>
public sealed class EtcdUnavailableException(EtcdStatusCode statusCode, string message, Exception? innerException = null)
    : EtcdException(statusCode, message, innerException);

/// <summary>The lease does not exist: it expired or was revoked.</summary>
public sealed class EtcdLeaseNotFoundException(string message) : EtcdException(EtcdStatusCode.NotFound, message);

/// <summary>The requested revision was compacted away.</summary>
public sealed class EtcdCompactedException(string message) : EtcdException(EtcdStatusCode.OutOfRange, message);
