using System.Runtime.InteropServices;

namespace OrleansVector.Kernels;

/// <summary>
/// Product quantizer: the vector is cut into M sub-vectors of Dim / M dimensions, each replaced by the index of the
/// nearest of 256 centroids (8 bits) learnt by k-means on that sub-space. Search uses asymmetric distance tables:
/// the float query against every centroid once (M x 256 partial distances), then a code's distance is M lookups.
/// </summary>
public sealed class ProductQuantizer
{
    public const int CentroidsPerSubspace = 256;
    private const int FormatVersion = 1;
    private const uint Magic = 0x38515056; // "VPQ8"

    // Layout [subspace][centroid][subDim].
    private readonly float[] _codebooks;

    private ProductQuantizer(int dim, int m, float[] codebooks)
    {
        Dim = dim;
        M = m;
        _codebooks = codebooks;
    }

    public int Dim { get; }

    public int M { get; }

    private int SubDim => Dim / M;

    /// <summary>Trains M codebooks on the n x dim row-major <paramref name="data"/>; needs dim % m == 0 and n >= 256.</summary>
    public static ProductQuantizer Train(ReadOnlySpan<float> data, int dim, int m, KMeansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = Guard.Rows(data.Length, dim, nameof(data));
        Guard.Positive(m, nameof(m));
        if (dim % m != 0)
        {
            throw new ArgumentException($"m = {m} must divide the dimension {dim}.", nameof(m));
        }

        if (rows < CentroidsPerSubspace)
        {
            throw new ArgumentException($"PQ training needs at least {CentroidsPerSubspace} rows, got {rows}.", nameof(data));
        }

        var subDim = dim / m;
        var codebooks = new float[m * CentroidsPerSubspace * subDim];
        var sub = new float[rows * subDim];
        for (var s = 0; s < m; s++)
        {
            for (var r = 0; r < rows; r++)
            {
                data.Slice((r * dim) + (s * subDim), subDim).CopyTo(sub.AsSpan(r * subDim, subDim));
            }

            var centroids = KMeans.Train(sub, subDim, CentroidsPerSubspace, options with { Seed = options.Seed + s });
            centroids.CopyTo(codebooks, s * CentroidsPerSubspace * subDim);
        }

        return new ProductQuantizer(dim, m, codebooks);
    }

    /// <summary>Writes the M centroid indices of <paramref name="vector"/> (nearest by L2 in each sub-space).</summary>
    public void Encode(ReadOnlySpan<float> vector, Span<byte> code)
    {
        Guard.SameLength(Dim, vector.Length, nameof(vector));
        Guard.AtLeast(M, code.Length, nameof(code));
        Span<float> distances = stackalloc float[CentroidsPerSubspace];
        var subDim = SubDim;
        for (var s = 0; s < M; s++)
        {
            BatchDistance.OneToMany<L2Distance>(vector.Slice(s * subDim, subDim), Codebook(s), subDim, distances);
            code[s] = (byte)System.Numerics.Tensors.TensorPrimitives.IndexOfMin(distances);
        }
    }

    public void Decode(ReadOnlySpan<byte> code, Span<float> vector)
    {
        Guard.SameLength(M, code.Length, nameof(code));
        Guard.AtLeast(Dim, vector.Length, nameof(vector));
        var subDim = SubDim;
        for (var s = 0; s < M; s++)
        {
            Codebook(s).Slice(code[s] * subDim, subDim).CopyTo(vector.Slice(s * subDim, subDim));
        }
    }

    /// <summary>
    /// Fills the M x 256 table of partial distances of <paramref name="query"/>: squared L2 for L2, -dot for IP and
    /// COSINE (the caller normalizes for COSINE), so that a code's distance is the sum of its M entries.
    /// </summary>
    public void ComputeDistanceTable(ReadOnlySpan<float> query, MetricType metric, Span<float> table)
    {
        Guard.SameLength(Dim, query.Length, nameof(query));
        Guard.AtLeast(M * CentroidsPerSubspace, table.Length, nameof(table));
        var subDim = SubDim;
        for (var s = 0; s < M; s++)
        {
            var subQuery = query.Slice(s * subDim, subDim);
            var row = table.Slice(s * CentroidsPerSubspace, CentroidsPerSubspace);
            switch (metric)
            {
                case MetricType.L2:
                    BatchDistance.OneToMany<L2Distance>(subQuery, Codebook(s), subDim, row);
                    break;
                case MetricType.IP or MetricType.Cosine:
                    BatchDistance.OneToMany<IPDistance>(subQuery, Codebook(s), subDim, row);
                    break;
                default:
                    throw new ArgumentException($"PQ supports the float metrics L2, IP and COSINE, not {Metrics.MilvusName(metric)}.", nameof(metric));
            }
        }
    }

    /// <summary>Distance of one code: the sum of its entries in a table from <see cref="ComputeDistanceTable"/>.</summary>
    public static float AsymmetricDistance(ReadOnlySpan<float> table, ReadOnlySpan<byte> code)
    {
        Guard.AtLeast(code.Length * CentroidsPerSubspace, table.Length, nameof(table));
        float s0 = 0, s1 = 0;
        var j = 0;
        for (; j + 1 < code.Length; j += 2)
        {
            s0 += table[(j * CentroidsPerSubspace) + code[j]];
            s1 += table[((j + 1) * CentroidsPerSubspace) + code[j + 1]];
        }

        if (j < code.Length)
        {
            s0 += table[(j * CentroidsPerSubspace) + code[j]];
        }

        return s0 + s1;
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Dim);
        writer.Write(M);
        writer.Write(MemoryMarshal.AsBytes(_codebooks.AsSpan()));
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static ProductQuantizer ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        QuantizerFormat.ReadHeader(reader, Magic, FormatVersion, "PQ");
        var dim = QuantizerFormat.ReadPositive(reader, "PQ dimension");
        var m = QuantizerFormat.ReadPositive(reader, "PQ sub-quantizer count");
        if (dim % m != 0)
        {
            throw new InvalidDataException($"Corrupt PQ quantizer data: m = {m} does not divide the dimension {dim}.");
        }

        var codebooks = QuantizerFormat.ReadFloats(reader, m * CentroidsPerSubspace * (dim / m), "PQ codebooks");
        return new ProductQuantizer(dim, m, codebooks);
    }

    private ReadOnlySpan<float> Codebook(int subspace) =>
        _codebooks.AsSpan(subspace * CentroidsPerSubspace * SubDim, CentroidsPerSubspace * SubDim);
}
