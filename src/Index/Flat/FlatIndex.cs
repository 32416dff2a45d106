using System.Buffers;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Flat;

/// <summary>
/// FLAT: exact search by scanning every vector with the SIMD batch kernels. Supports Add at any time. A call with
/// several queries scans the rows once per block of queries (the block-of-queries kernel), not once per query.
/// </summary>
internal sealed class FlatIndex : FloatVectorIndex
{
    /// <summary>Queries scanned together: their distance rows and the row batch stay in the L1/L2 caches.</summary>
    private const int QueriesPerBlock = 8;

    /// <summary>Rows per distance batch of a query block.</summary>
    private const int RowsPerBatch = 512;

    private readonly FlatScan<float> scan;

    public FlatIndex(MetricType metric, int dimension)
        : this(metric, dimension, new FlatScan<float>(dimension))
    {
    }

    private FlatIndex(MetricType metric, int dimension, FlatScan<float> scan)
        : base(IndexTypes.Flat, metric, dimension)
    {
        this.scan = scan;
    }

    public override bool RequiresTraining => false;

    public override int Count => scan.Store.Count;

    public override long MemoryBytes => scan.Store.MemoryBytes;

    internal static FlatIndex Load(BinaryReader reader, MetricType metric, int dimension) =>
        new(metric, dimension, FlatScan<float>.Load(reader, dimension)) { IsBuilt = true };

    protected override void BuildCore(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids) => scan.Store.Append(vectors, ids);

    protected override void AddCore(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids) => scan.Store.Append(vectors, ids);

    protected override void SaveCore(BinaryWriter writer) => scan.Store.Save(writer);

    protected override int SearchOne<TDistance>(ReadOnlySpan<float> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances) =>
        scan.Search<FloatBlock<TDistance>>(query, k, excluded, ids, distances);

    protected override void SearchMany(float[] queries, int nq, int k, SearchParameters parameters, Bitset? excluded, long[] ids, float[] distances)
    {
        if (nq < 2)
        {
            base.SearchMany(queries, nq, k, parameters, excluded, ids, distances);
            return;
        }

        var blocks = (nq + QueriesPerBlock - 1) / QueriesPerBlock;
        ForEachQuery(blocks, parameters.MaxDegreeOfParallelism, block =>
        {
            var first = block * QueriesPerBlock;
            var count = Math.Min(QueriesPerBlock, nq - first);
            var queryBlock = queries.AsSpan(first * Dimension, count * Dimension);
            var idsOut = ids.AsSpan(first * k, count * k);
            var distancesOut = distances.AsSpan(first * k, count * k);
            switch (Metric)
            {
                case MetricType.L2:
                    SearchBlock<L2Distance>(queryBlock, count, k, excluded, idsOut, distancesOut);
                    break;
                case MetricType.IP:
                    SearchBlock<IPDistance>(queryBlock, count, k, excluded, idsOut, distancesOut);
                    break;
                default:
                    SearchBlock<CosineDistance>(queryBlock, count, k, excluded, idsOut, distancesOut);
                    break;
            }
        });
    }

    private void SearchBlock<TDistance>(ReadOnlySpan<float> queries, int count, int k, Bitset? excluded, Span<long> ids, Span<float> distances)
        where TDistance : struct, IFloatDistance
    {
        var snapshot = scan.Store.Current;
        var rows = snapshot.Rows(Dimension);
        var rowIds = snapshot.RowIds;
        var heaps = new TopKHeap[count];
        for (var q = 0; q < count; q++)
        {
            heaps[q] = new TopKHeap(k);
        }

        var batch = ArrayPool<float>.Shared.Rent(count * RowsPerBatch);
        try
        {
            for (var start = 0; start < rowIds.Length; start += RowsPerBatch)
            {
                var n = Math.Min(RowsPerBatch, rowIds.Length - start);
                var computed = batch.AsSpan(0, count * n);
                BatchDistance.ManyToMany<TDistance>(queries, rows.Slice(start * Dimension, n * Dimension), Dimension, computed);
                var batchIds = rowIds.Slice(start, n);
                for (var q = 0; q < count; q++)
                {
                    var heap = heaps[q];
                    var row = computed.Slice(q * n, n);
                    for (var i = 0; i < n; i++)
                    {
                        if (row[i] <= heap.Threshold && !IsExcluded(excluded, batchIds[i]))
                        {
                            heap.TryAdd(batchIds[i], row[i]);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(batch);
        }

        for (var q = 0; q < count; q++)
        {
            var found = heaps[q].DrainSorted(ids.Slice(q * k, k), distances.Slice(q * k, k));
            ids.Slice((q * k) + found, k - found).Fill(-1);
        }
    }

    protected override void RangeSearchOne<TDistance>(ReadOnlySpan<float> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found) =>
        scan.Range<FloatBlock<TDistance>>(query, bounds, excluded, found);
}
