using OrleansVector.Storage.Tso;

namespace OrleansVector.Grains.Collection;

/// <summary>
/// "Now" for Bounded reads without a coordinator round trip per read: the last allocated timestamp advanced by the
/// local time elapsed since it came back, allocated afresh once older than <paramref name="reuse"/>. The estimate is
/// never ahead of the true clock by more than the clocks' skew, and a Bounded guarantee subtracts a staleness of at
/// least <paramref name="reuse"/> from it, so the guarantee never passes a timestamp already allocated.
/// </summary>
internal sealed class RecentTimestamp(TimeProvider time, TimeSpan reuse)
{
    private ulong _allocated;
    private long _allocatedAt;

    public async ValueTask<ulong> NowAsync(Func<Task<ulong>> allocate)
    {
        if (_allocated != 0)
        {
            var elapsed = time.GetElapsedTime(_allocatedAt);
            if (elapsed < reuse)
            {
                return HybridTimestamp.Compose(HybridTimestamp.Physical(_allocated) + (long)elapsed.TotalMilliseconds, 0);
            }
        }
        var allocated = await allocate();
        _allocated = allocated;
        _allocatedAt = time.GetTimestamp();
        return allocated;
    }
}
