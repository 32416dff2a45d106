using Microsoft.Extensions.Logging;

namespace OrleansVector.Etcd;

internal static partial class EtcdLog
{
    [LoggerMessage(1, LogLevel.Warning, "etcd lease {LeaseId:x}: keep-alive failed, retrying")]
    public static partial void KeepAliveFailed(ILogger logger, Exception exception, long leaseId);

    [LoggerMessage(2, LogLevel.Warning, "etcd lease {LeaseId:x} is lost")]
    public static partial void LeaseLost(ILogger logger, long leaseId);

    [LoggerMessage(3, LogLevel.Warning, "etcd watch on {Key}: stream broke, resuming at revision {Revision}")]
    public static partial void WatchResuming(ILogger logger, Exception exception, string key, long revision);

    [LoggerMessage(4, LogLevel.Warning, "etcd watch on {Key} was canceled by the server: {Reason}")]
    public static partial void WatchCanceled(ILogger logger, string key, string reason);
}
