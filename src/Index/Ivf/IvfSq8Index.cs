using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Ivf;

/// <summary>
/// IVF_SQ8: lists of 8-bit scalar-quantized residuals (vector minus its list's centroid, per-dimension min/max over
/// the training residuals), as FAISS's IndexIVFScalarQuantizer does by default: residuals span a far smaller range
/// than the vectors, so the same 8 bits give finer steps. Distances are computed on the codes.
/// </summary>
internal sealed class IvfSq8Index : IvfIndex<byte>
{
    /// <summary>Written before the quantizer: "RSQ8", codes of residuals (format 2). Format 1 wrote the quantizer of the vectors there.</summary>
    private const uint ResidualCodes = 0x38515352;
    private const uint VectorCodesQuantizer = 0x38515356; // the "VSQ8" magic format 1 wrote first

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

    protected override void Train(ReadOnlySpan<float> vectors, ReadOnlySpan<int> assignment)
    {
        var residuals = RentResiduals(vectors, assignment);
        try
        {
            quantizer = ScalarQuantizer8.Train(residuals.AsSpan(0, assignment.Length * Dimension), Dimension);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(residuals);
        }
    }

    protected override void SaveQuantizer(BinaryWriter writer)
    {
        writer.Write(ResidualCodes);
        quantizer!.WriteTo(writer);
    }

    protected override void LoadQuantizer(BinaryReader reader)
    {
        var encoding = reader.ReadUInt32();
        if (encoding == VectorCodesQuantizer)
        {
            throw new InvalidDataException(
                "This IVF_SQ8 index has format 1 (codes of the vectors), written by an older build; this build reads format 2 (codes of residuals). Rebuild the index.");
        }

        if (encoding != ResidualCodes)
        {
            throw new InvalidDataException($"IVF_SQ8 code format marker 0x{encoding:x8} is unknown; this build reads 0x{ResidualCodes:x8} (codes of residuals).");
        }

        quantizer = ScalarQuantizer8.ReadFrom(reader);
        if (quantizer.Dim != Dimension)
        {
            throw new InvalidDataException($"The SQ8 quantizer has dim {quantizer.Dim}, the index {Dimension}.");
        }
    }

    [SkipLocalsInit]
    protected override void Encode(ReadOnlySpan<float> vector, int list, Span<byte> code)
    {
        Span<float> residual = Dimension <= MaxStackDimension ? stackalloc float[Dimension] : new float[Dimension];
        Residual(vector, list, residual);
        quantizer!.Encode(residual, code);
    }

    /// <summary>
    /// L2: |q - x|^2 = |(q - c) - r|^2, the codes against the query's residual to this list's centroid.
    /// IP: q.x = q.c + q.r, a constant of the list plus the codes against the query.
    /// </summary>
    [SkipLocalsInit]
    protected override void ScanList<TDistance, TSink>(ReadOnlySpan<float> query, int list, ReadOnlySpan<byte> next, TSink sink, Bitset? excluded, bool filterFirst)
    {
        var snapshot = Lists!.Lists[list].Current;
        if (snapshot.Count == 0)
        {
            return;
        }

        var codes = snapshot.Rows(Dimension);
        var ids = snapshot.RowIds;
        if (typeof(TDistance) == typeof(L2Distance))
        {
            Span<float> shifted = Dimension <= MaxStackDimension ? stackalloc float[Dimension] : new float[Dimension];
            Residual(query, list, shifted);
            Scan(shifted, codes, ids, new Sq8Block(quantizer!, Dot: false, Offset: 0), sink, excluded, filterFirst, next);
        }
        else
        {
            var offset = -VectorMath.Dot(query, Centroids.AsSpan(list * Dimension, Dimension));
            Scan(query, codes, ids, new Sq8Block(quantizer!, Dot: true, offset), sink, excluded, filterFirst, next);
        }
    }

    private void Scan<TSink>(ReadOnlySpan<float> query, ReadOnlySpan<byte> codes, ReadOnlySpan<long> ids, Sq8Block block, TSink sink, Bitset? excluded,
        bool filterFirst, ReadOnlySpan<byte> next)
        where TSink : struct, IRowSink
    {
        if (filterFirst)
        {
            RowScan.ScanAllowed<float, byte, Sq8Block, TSink>(query, codes, ids, Dimension, block, sink, excluded);
        }
        else
        {
            RowScan.Scan<float, byte, Sq8Block, TSink>(query, codes, ids, Dimension, block, sink, excluded, next);
        }
    }

    /// <summary>SQ8 distances of one list: squared L2 to the query's residual, or Offset minus the dot product (IP).</summary>
    private readonly record struct Sq8Block(ScalarQuantizer8 Quantizer, bool Dot, float Offset) : IBlockDistance<float, byte>
    {
        public void OneToMany(ReadOnlySpan<float> query, ReadOnlySpan<byte> block, int stride, Span<float> distances, ReadOnlySpan<byte> next)
        {
            if (!Dot)
            {
                Quantizer.L2Squared(query, block, distances, next);
                return;
            }

            var rows = distances[..(block.Length / stride)];
            Quantizer.Dot(query, block, rows, next);
            TensorPrimitives.Subtract(Offset, rows, rows);
        }
    }
}
