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

    protected override void ScanList<TDistance, TSink>(ReadOnlySpan<float> query, int list, ReadOnlySpan<float> next, TSink sink, Bitset? excluded, bool filterFirst)
    {
        var snapshot = Lists!.Lists[list].Current;
        if (filterFirst)
        {
            RowScan.ScanAllowed<float, float, FloatBlock<TDistance>, TSink>(query, snapshot.Rows(Dimension), snapshot.RowIds, Dimension, default, sink, excluded);
        }
        else
        {
            RowScan.Scan<float, float, FloatBlock<TDistance>, TSink>(query, snapshot.Rows(Dimension), snapshot.RowIds, Dimension, default, sink, excluded, next);
        }
    }
}
