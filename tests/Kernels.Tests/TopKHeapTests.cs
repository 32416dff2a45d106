namespace OrleansVector.Kernels.Tests;

public sealed class TopKHeapTests
{
    [Fact]
    public void Keeps_the_k_smallest_best_first_with_ties_broken_by_smaller_id()
    {
        var heap = new TopKHeap(3);
        foreach (var (id, d) in new (long, float)[] { (9, 1f), (4, 2f), (7, 1f), (2, 5f), (3, 1f), (1, 0.5f) })
        {
            heap.TryAdd(id, d);
        }

        var ids = new long[3];
        var distances = new float[3];
        Assert.Equal(3, heap.DrainSorted(ids, distances));
        Assert.Equal([1L, 3L, 7L], ids);
        Assert.Equal([0.5f, 1f, 1f], distances);
        Assert.Equal(0, heap.Count);
    }
}
