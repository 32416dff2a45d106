using OrleansVector.Kernels;

namespace OrleansVector.Index.Ivf;

/// <summary>IVF_SQ8: lists of 8-bit scalar-quantized vectors (per-dimension min/max), distances computed on the codes.</summary>
internal sealed class IvfSq8Index : IvfIndex<byte>
{
    private ScalarQuantizer8? quantizer;

    public IvfSq8Index(MetricType metric, int dimension, int nlist)
        : base(IndexTypes.IvfSq8, metric, dimension, nlist, dimension)
    {
    }

    protected override long QuantizerBytes => 2L * Dimension * sizeof(float);

    internal static IvfSq8Index Load(BinaryReader reader, MetricType metric, int dimension)
    {
        var index = new IvfSq8Index(metric, dimension, ReadNlistOfFullWidthCodes(reader, dimension));
        index.LoadState(reader);
        return index;
    }

    protected override void Train(ReadOnlySpan<float> vectors, ReadOnlySpan<int> assignment) =>
        quantizer = ScalarQuantizer8.Train(vectors, Dimension);

    protected override void SaveQuantizer(BinaryWriter writer) => quantizer!.WriteTo(writer);

    protected override void LoadQuantizer(BinaryReader reader)
    {
        quantizer = ScalarQuantizer8.ReadFrom(reader);
        if (quantizer.Dim != Dimension)
        {
            throw new InvalidDataException($"The SQ8 quantizer has dim {quantizer.Dim}, the index {Dimension}.");
        }
    }

    protected override void Encode(ReadOnlySpan<float> vector, int list, Span<byte> code) => quantizer!.Encode(vector, code);

    protected override void ScanList<TDistance, TSink>(ReadOnlySpan<float> query, int list, TSink sink, Bitset? excluded, bool filterFirst)
    {
        var snapshot = Lists!.Lists[list].Current;
        var codes = snapshot.Rows(Dimension);
        var ids = snapshot.RowIds;
        var sq = quantizer!;
        for (var i = 0; i < ids.Length; i++)
        {
            if (filterFirst && IsExcluded(excluded, ids[i]))
            {
                continue;
            }

            var code = codes.Slice(i * Dimension, Dimension);
            var distance = typeof(TDistance) == typeof(L2Distance) ? sq.L2Squared(query, code) : -sq.Dot(query, code);
            if (sink.Wants(distance) && (filterFirst || !IsExcluded(excluded, ids[i])))
            {
                sink.Take(ids[i], distance);
            }
        }
    }
}
