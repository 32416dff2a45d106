namespace OrleansVector.Index.Flat;

/// <summary>Exact search over all stored rows; shared by FLAT and BIN_FLAT.</summary>
internal sealed class FlatScan<T>
    where T : unmanaged
{
    public FlatScan(int stride) => Store = new RowStore<T>(stride);

    private FlatScan(RowStore<T> store) => Store = store;

    public RowStore<T> Store { get; }

    public int Search<TBlock>(ReadOnlySpan<T> query, int k, Bitset? excluded, Span<long> ids, Span<float> distances)
        where TBlock : struct, IBlockDistance<T, T>
    {
        var snapshot = Store.Current;
        var heap = TopKHeapCache.Rent(k);
        RowScan.Scan<T, T, TBlock, TopKSink>(query, snapshot.Rows(Store.Stride), snapshot.RowIds, Store.Stride, default(TBlock), new TopKSink(heap), excluded);
        return heap.DrainSorted(ids, distances);
    }

    public void Range<TBlock>(ReadOnlySpan<T> query, RangeBounds bounds, Bitset? excluded, List<Neighbor> found)
        where TBlock : struct, IBlockDistance<T, T>
    {
        var snapshot = Store.Current;
        RowScan.Scan<T, T, TBlock, RangeSink>(query, snapshot.Rows(Store.Stride), snapshot.RowIds, Store.Stride, default(TBlock), new RangeSink(bounds, found), excluded);
    }

    public static FlatScan<T> Load(BinaryReader reader, int stride) => new(RowStore<T>.Load(reader, stride));
}
