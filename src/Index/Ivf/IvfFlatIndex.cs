using OrleansVector.Kernels;

namespace OrleansVector.Index.Ivf;

/// <summary>IVF_FLAT: lists of raw vectors, scanned with the SIMD batch kernels.</summary>
internal sealed class IvfFlatIndex : IvfIndex<float>
{
    public IvfFlatIndex(MetricType metric, int dimension, int nlist)
        : base(IndexTypes.IvfFlat, metric, dimension, nlist, dimension)
    {
    }

    internal static IvfFlatIndex Load(BinaryReader reader, MetricType metric, int dimension)
    {
        var index = new IvfFlatIndex(metric, dimension, ReadNlistOfFullWidthCodes(reader, dimension));
        index.LoadState(reader);
        return index;
    }

    protected override void Encode(ReadOnlySpan<float> vector, int list, Span<float> code) => vector.CopyTo(code);

    protected override void ScanList<TDistance, TSink>(ReadOnlySpan<float> query, int list, TSink sink, Bitset? excluded, bool filterFirst)
    {
        var snapshot = Lists!.Lists[list].Current;
        if (!filterFirst)
        {
            RowScan.Scan<float, FloatBlock<TDistance>, TSink>(query, snapshot.Rows(Dimension), snapshot.RowIds, Dimension, sink, excluded);
            return;
        }

        var rows = snapshot.Rows(Dimension);
        var ids = snapshot.RowIds;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!IsExcluded(excluded, ids[i]))
            {
                var distance = TDistance.Distance(query, rows.Slice(i * Dimension, Dimension));
                if (sink.Wants(distance))
                {
                    sink.Take(ids[i], distance);
                }
            }
        }
    }
}
