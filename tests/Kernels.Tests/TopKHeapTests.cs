using FsCheck;
using FsCheck.Fluent;

namespace OrleansVector.Kernels.Tests;

public sealed class TopKHeapTests
{
    // Few distinct distances, so that ties are the rule rather than the exception.
    private static Gen<(int K, (long Id, float Distance)[] Items)> Streams { get; } =
        from k in Gen.Choose(1, 20)
        from count in Gen.Choose(0, 200)
        from ids in Gen.Shuffle(Enumerable.Range(0, count).Select(i => (long)i * 3))
        from distances in Gen.ArrayOf(Gen.Choose(0, 8).Select(d => d / 2f), count)
        select (k, ids.Zip(distances).ToArray());

    [Fact]
    public void Drain_equals_sorting_by_distance_then_id() => VectorMathPropertyTests.Check(Streams, s =>
    {
        var heap = new TopKHeap(s.K);
        foreach (var (id, distance) in s.Items)
        {
            heap.TryAdd(id, distance);
        }

        var expected = s.Items.OrderBy(x => x.Distance).ThenBy(x => x.Id).Take(s.K).ToArray();
        var ids = new long[s.K];
        var distances = new float[s.K];
        var count = heap.DrainSorted(ids, distances);
        return count == expected.Length
            && expected.Select(x => x.Id).SequenceEqual(ids.Take(count))
            && expected.Select(x => x.Distance).SequenceEqual(distances.Take(count))
            && heap.Count == 0;
    });

    [Fact]
    public void Arrival_order_does_not_change_the_result()
    {
        var forward = Run(Enumerable.Range(0, 50));
        var backward = Run(Enumerable.Range(0, 50).Reverse());
        Assert.Equal(forward, backward);

        static long[] Run(IEnumerable<int> order)
        {
            var heap = new TopKHeap(5);
            foreach (var i in order)
            {
                heap.TryAdd(i, i % 3);
            }

            var ids = new long[5];
            heap.DrainSorted(ids, new float[5]);
            return ids;
        }
    }

    [Fact]
    public void Threshold_is_infinite_until_full_then_the_worst_kept_distance()
    {
        var heap = new TopKHeap(2);
        Assert.True(heap.TryAdd(1, 3f));
        Assert.Equal(float.PositiveInfinity, heap.Threshold);
        Assert.True(heap.TryAdd(2, 1f));
        Assert.Equal(3f, heap.Threshold);
        Assert.False(heap.TryAdd(3, 3f));
        Assert.True(heap.TryAdd(0, 3f));
        Assert.Equal(3f, heap.Threshold);
        Assert.False(heap.TryAdd(4, float.NaN));
        Assert.Equal(2, heap.Count);
    }

    [Fact]
    public void Reset_empties_and_resizes()
    {
        var heap = new TopKHeap(2);
        heap.TryAdd(1, 1f);
        heap.Reset(4);
        Assert.Equal(0, heap.Count);
        Assert.Equal(4, heap.K);
        for (var i = 0; i < 6; i++)
        {
            heap.TryAdd(i, -i);
        }

        var ids = new long[4];
        Assert.Equal(4, heap.DrainSorted(ids, new float[4]));
        Assert.Equal([5L, 4L, 3L, 2L], ids);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => new TopKHeap(0)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => new TopKHeap(1).Reset(-1)).ParamName);
        var heap = new TopKHeap(3);
        heap.TryAdd(1, 1f);
        heap.TryAdd(2, 2f);
        Assert.Equal("ids", Assert.Throws<ArgumentException>(() => heap.DrainSorted(new long[1], new float[3])).ParamName);
    }
}
