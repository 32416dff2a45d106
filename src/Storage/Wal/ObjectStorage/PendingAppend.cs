namespace OrleansVector.Storage.Wal.ObjectStorage;

/// <summary>A record waiting for the fragment that will carry it to commit; completes with its LSN.</summary>
internal sealed class PendingAppend(ReadOnlyMemory<byte> record)
{
    private readonly TaskCompletionSource<long> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReadOnlyMemory<byte> Record => record;

    public Task<long> Task => _done.Task;

    public void Succeed(long lsn) => _done.TrySetResult(lsn);

    public void Fail(Exception e) => _done.TrySetException(e);
}
