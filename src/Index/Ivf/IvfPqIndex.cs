using System.Buffers;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Ivf;

/// <summary>
/// IVF_PQ: lists of product-quantized residuals (vector minus its centroid; m sub-quantizers x 8 bits), as FAISS's
/// IndexIVFPQ does by default. A query scans a list with an m x 256 table of partial distances.
/// </summary>
internal sealed class IvfPqIndex : IvfIndex<byte>
{
    private ProductQuantizer? quantizer;

    public IvfPqIndex(MetricType metric, int dimension, int nlist, int m)
        : base(IndexTypes.IvfPq, metric, dimension, nlist, m)
    {
    }

    protected override long QuantizerBytes => (long)Dimension * ProductQuantizer.CentroidsPerSubspace * sizeof(float);

    internal static IvfPqIndex Load(BinaryReader reader, MetricType metric, int dimension)
    {
        var (nlist, m) = ReadConstruction(reader);
        if (dimension % m != 0)
        {
            throw new InvalidDataException($"IVF_PQ m = {m} does not divide dim {dimension}.");
        }

        var index = new IvfPqIndex(metric, dimension, nlist, m);
        index.LoadState(reader);
        return index;
    }

    protected override void SaveQuantizer(BinaryWriter writer) => quantizer!.WriteTo(writer);

    protected override void LoadQuantizer(BinaryReader reader)
    {
        quantizer = ProductQuantizer.ReadFrom(reader);
        if (quantizer.Dim != Dimension || quantizer.M != CodeStride)
        {
            throw new InvalidDataException($"The PQ quantizer has dim {quantizer.Dim} and m {quantizer.M}, the index {Dimension} and {CodeStride}.");
        }
    }

    protected override void Train(ReadOnlySpan<float> vectors, ReadOnlySpan<int> assignment)
    {
        var residuals = RentResiduals(vectors, assignment);
        try
        {
            quantizer = ProductQuantizer.Train(residuals.AsSpan(0, assignment.Length * Dimension), Dimension, CodeStride, TrainingOptions);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(residuals);
        }
    }

    protected override void Encode(ReadOnlySpan<float> vector, int list, Span<byte> code)
    {
        Span<float> residual = Dimension <= MaxStackDimension ? stackalloc float[Dimension] : new float[Dimension];
        Residual(vector, list, residual);
        quantizer!.Encode(residual, code);
    }

    protected override void ScanList<TDistance, TSink>(ReadOnlySpan<float> query, int list, ReadOnlySpan<byte> next, TSink sink, Bitset? excluded, bool filterFirst)
    {
        var snapshot = Lists!.Lists[list].Current;
        if (snapshot.Count == 0)
        {
            return;
        }

        // The next list's codes are small (m bytes a row): prefetch them all while this list's table is built.
        CachePrefetch.All(next);

        var m = CodeStride;
        var table = ArrayPool<float>.Shared.Rent(m * ProductQuantizer.CentroidsPerSubspace);
        var shifted = ArrayPool<float>.Shared.Rent(Dimension);
        try
        {
            // L2: |q - c - r|^2 needs the table of q - c. IP: q.(c + r) = q.c + q.r, a constant plus the table of q.
            float offset;
            var centroid = Centroids.AsSpan(list * Dimension, Dimension);
            if (typeof(TDistance) == typeof(L2Distance))
            {
                Residual(query, list, shifted);
                quantizer!.ComputeDistanceTable(shifted.AsSpan(0, Dimension), MetricType.L2, table);
                offset = 0;
            }
            else
            {
                quantizer!.ComputeDistanceTable(query, MetricType.IP, table);
                offset = -VectorMath.Dot(query, centroid);
            }

            var codes = snapshot.Rows(m);
            var ids = snapshot.RowIds;
            var lookup = table.AsSpan(0, m * ProductQuantizer.CentroidsPerSubspace);
            for (var i = 0; i < ids.Length; i++)
            {
                if (filterFirst && IsExcluded(excluded, ids[i]))
                {
                    continue;
                }

                var distance = offset + ProductQuantizer.AsymmetricDistance(lookup, codes.Slice(i * m, m));
                if (sink.Wants(distance) && (filterFirst || !IsExcluded(excluded, ids[i])))
                {
                    sink.Take(ids[i], distance);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(table);
            ArrayPool<float>.Shared.Return(shifted);
        }
    }
}
