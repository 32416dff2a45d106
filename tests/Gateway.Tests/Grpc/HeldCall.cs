namespace OrleansVector.Gateway.Tests.Grpc;

/// <summary>One running call of <see cref="HeldCalls"/>.</summary>
internal sealed class HeldCall
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldCall(string dbName, CancellationToken token)
    {
        DbName = dbName;
        OnThreadPool = Thread.CurrentThread.IsThreadPoolThread;
        token.Register(() => _cancelled.TrySetResult());
    }

    public string DbName { get; }

    /// <summary>Whether the server started the call on a thread-pool thread rather than the connection's own.</summary>
    public bool OnThreadPool { get; }

    public Task Released => _release.Task;

    /// <summary>Completes when the server cancels the call (the client reset it, the connection ended).</summary>
    public Task Cancelled => _cancelled.Task;

    public void Release() => _release.TrySetResult();
}
