using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>One reusable top-k heap per thread, so a search allocates no heap. Not for nested use on one thread.</summary>
internal static class TopKHeapCache
{
    [ThreadStatic]
    private static TopKHeap? heap;

    public static TopKHeap Rent(int k)
    {
        heap ??= new TopKHeap(k);
        heap.Reset(k);
        return heap;
    }
}
