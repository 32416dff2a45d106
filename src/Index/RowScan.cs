using OrleansVector.Kernels;

namespace OrleansVector.Index;

/// <summary>Takes the rows a scan finds: a top-k heap or a range collector (struct generics, inlined).</summary>
internal interface IRowSink
{
    bool Wants(float distance);

    void Take(long id, float distance);
}

internal readonly struct TopKSink(TopKHeap heap) : IRowSink
{
    public bool Wants(float distance) => distance <= heap.Threshold;

    public void Take(long id, float distance) => heap.TryAdd(id, distance);
}

internal readonly struct RangeSink(RangeBounds bounds, List<Neighbor> found) : IRowSink
{
    public bool Wants(float distance) => bounds.Contains(distance);

    public void Take(long id, float distance) => found.Add(new Neighbor(id, distance));
}

/// <summary>Exhaustive scans of a block of rows with ids: the inner loop of FLAT and of each IVF list.</summary>
internal static class RowScan
{
    /// <summary>Rows per distance batch: 4 KiB of distances on the stack, and blocks long enough for the SIMD kernels.</summary>
    private const int BatchRows = 1024;

    public static void Scan<T, TBlock, TSink>(ReadOnlySpan<T> query, ReadOnlySpan<T> rows, ReadOnlySpan<long> ids, int stride, TSink sink, Bitset? excluded)
        where T : unmanaged
        where TBlock : struct, IBlockDistance<T>
        where TSink : struct, IRowSink
    {
        Span<float> distances = stackalloc float[BatchRows];
        for (var start = 0; start < ids.Length; start += BatchRows)
        {
            var count = Math.Min(BatchRows, ids.Length - start);
            TBlock.OneToMany(query, rows.Slice(start * stride, count * stride), stride, distances);
            var batchIds = ids.Slice(start, count);
            for (var i = 0; i < count; i++)
            {
                if (sink.Wants(distances[i]) && !VectorIndex<T>.IsExcluded(excluded, batchIds[i]))
                {
                    sink.Take(batchIds[i], distances[i]);
                }
            }
        }
    }
}
