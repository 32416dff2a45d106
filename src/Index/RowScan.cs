using System.Runtime.CompilerServices;

namespace OrleansVector.Index;

/// <summary>Takes the rows a scan finds: a top-k heap or a range collector (struct generics, inlined).</summary>
internal interface IRowSink
{
    bool Wants(float distance);

    void Take(long id, float distance);
}

internal readonly struct TopKSink(Kernels.TopKHeap heap) : IRowSink
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

    /// <summary>
    /// Distances to every row, then the sink's one-compare test before the filter and the id are looked at.
    /// <paramref name="next"/>: the rows the caller scans next (the next IVF list), prefetched along the way.
    /// </summary>
    [SkipLocalsInit]
    public static void Scan<TQuery, TRow, TBlock, TSink>(ReadOnlySpan<TQuery> query, ReadOnlySpan<TRow> rows, ReadOnlySpan<long> ids, int stride,
        TBlock block, TSink sink, Bitset? excluded, ReadOnlySpan<TRow> next = default)
        where TQuery : unmanaged
        where TRow : unmanaged
        where TBlock : struct, IBlockDistance<TQuery, TRow>
        where TSink : struct, IRowSink
    {
        Span<float> distances = stackalloc float[BatchRows];
        for (var start = 0; start < ids.Length; start += BatchRows)
        {
            var count = Math.Min(BatchRows, ids.Length - start);
            var nextStart = Math.Min(next.Length, start * stride);
            block.OneToMany(query, rows.Slice(start * stride, count * stride), stride, distances, next[nextStart..]);
            var batchIds = ids.Slice(start, count);
            for (var i = 0; i < count; i++)
            {
                if (sink.Wants(distances[i]) && !VectorIndex<TRow>.IsExcluded(excluded, batchIds[i]))
                {
                    sink.Take(batchIds[i], distances[i]);
                }
            }
        }
    }

    /// <summary>Like <see cref="Scan"/>, but tests the filter first and computes distances only to allowed rows (very selective filters).</summary>
    public static void ScanAllowed<TQuery, TRow, TBlock, TSink>(ReadOnlySpan<TQuery> query, ReadOnlySpan<TRow> rows, ReadOnlySpan<long> ids, int stride,
        TBlock block, TSink sink, Bitset? excluded)
        where TQuery : unmanaged
        where TRow : unmanaged
        where TBlock : struct, IBlockDistance<TQuery, TRow>
        where TSink : struct, IRowSink
    {
        Span<float> distance = stackalloc float[1];
        for (var i = 0; i < ids.Length; i++)
        {
            if (VectorIndex<TRow>.IsExcluded(excluded, ids[i]))
            {
                continue;
            }

            block.OneToMany(query, rows.Slice(i * stride, stride), stride, distance, next: default);
            if (sink.Wants(distance[0]))
            {
                sink.Take(ids[i], distance[0]);
            }
        }
    }
}
