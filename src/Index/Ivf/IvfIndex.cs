using System.Buffers;
using OrleansVector.Index.Serialization;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Ivf;

/// <summary>
/// The float IVF family: k-means coarse centroids, one list of codes per centroid, and at search time the nprobe
/// nearest lists scanned. Subclasses choose the code (raw vector, SQ8, PQ residual) and how a list is scanned.
/// With a filter that leaves fewer rows than nprobe lists would scan, every list is scanned, testing the filter before
/// any distance: exact results at no extra cost, where probing a few lists would miss most allowed rows.
/// </summary>
internal abstract class IvfIndex<TCode> : FloatVectorIndex
    where TCode : unmanaged
{
    private readonly int requestedNlist;
    private CoarseQuantizer? coarse;

    protected IvfIndex(string indexType, MetricType metric, int dimension, int nlist, int codeStride)
        : base(indexType, metric, dimension)
    {
        requestedNlist = nlist;
        CodeStride = codeStride;
    }

    public override bool RequiresTraining => true;

    public override int Count => Lists?.Count ?? 0;

    public override long MemoryBytes =>
        ((long)Centroids.Length * sizeof(float)) + (coarse?.ExtraBytes ?? 0) + (Lists?.MemoryBytes ?? 0) + QuantizerBytes;

    /// <summary>nlist in effect: the requested one, capped at the rows trained on.</summary>
    public int Nlist => Centroids.Length / Dimension;

    /// <summary>Largest dimension whose scratch vectors go on the stack (16 KiB of floats).</summary>
    protected const int MaxStackDimension = 4096;

    protected int CodeStride { get; }

    protected float[] Centroids { get; private set; } = [];

    protected InvertedLists<TCode>? Lists { get; private set; }

    protected virtual long QuantizerBytes => 0;

    protected override void BuildCore(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids)
    {
        var rows = ids.Length;
        if (rows == 0)
        {
            throw new ArgumentException($"{IndexType} needs at least one vector to train on.", nameof(vectors));
        }

        SetCentroids(KMeans.Train(vectors, Dimension, Math.Min(requestedNlist, rows), TrainingOptions));
        var assignment = ArrayPool<int>.Shared.Rent(rows);
        try
        {
            KMeans.Assign(vectors, Dimension, Centroids, assignment.AsSpan(0, rows), BuildThreads);
            Train(vectors, assignment.AsSpan(0, rows));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(assignment);
        }

        Lists = new InvertedLists<TCode>(Nlist, CodeStride);
        AddCore(vectors, ids);
    }

    protected override void AddCore(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids)
    {
        var rows = ids.Length;
        var assignment = ArrayPool<int>.Shared.Rent(Math.Max(rows, 1));
        var codes = ArrayPool<TCode>.Shared.Rent(Math.Max(rows * CodeStride, 1));
        try
        {
            KMeans.Assign(vectors, Dimension, Centroids, assignment.AsSpan(0, rows), BuildThreads);
            for (var row = 0; row < rows; row++)
            {
                Encode(vectors.Slice(row * Dimension, Dimension), assignment[row], codes.AsSpan(row * CodeStride, CodeStride));
            }

            Lists!.Append(codes.AsSpan(0, rows * CodeStride), ids, assignment.AsSpan(0, rows));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(assignment);
            ArrayPool<TCode>.Shared.Return(codes);
        }
    }

    protected override void SaveCore(BinaryWriter writer)
    {
        writer.Write(requestedNlist);
        writer.Write(CodeStride);
        writer.WriteArray<float>(Centroids);
        SaveQuantizer(writer);
        Lists!.Save(writer);
    }

    /// <summary>Reads what <see cref="SaveCore"/> wrote after the construction parameters.</summary>
    protected void LoadState(BinaryReader reader)
    {
        var centroids = reader.ReadArray<float>();
        if (centroids.Length == 0 || centroids.Length % Dimension != 0)
        {
            throw new InvalidDataException($"IVF centroids hold {centroids.Length} floats, not a positive multiple of dim {Dimension}.");
        }

        SetCentroids(centroids);

        LoadQuantizer(reader);
        Lists = InvertedLists<TCode>.Load(reader, CodeStride, Nlist);
        IsBuilt = true;
    }

    /// <summary>Reads the construction parameters of a type whose code is one element per dimension; returns nlist.</summary>
    protected static int ReadNlistOfFullWidthCodes(BinaryReader reader, int dimension)
    {
        var (nlist, codeStride) = ReadConstruction(reader);
        if (codeStride != dimension)
        {
            throw new InvalidDataException($"IVF code width {codeStride} differs from dim {dimension}.");
        }

        return nlist;
    }

    /// <summary>Reads the construction parameters SaveCore wrote first: requested nlist and code width.</summary>
    protected static (int Nlist, int CodeStride) ReadConstruction(BinaryReader reader)
    {
        var nlist = reader.ReadInt32();
        var codeStride = reader.ReadInt32();
        if (nlist < 1 || nlist > IvfParameters.MaxNlist || codeStride < 1)
        {
            throw new InvalidDataException($"IVF header is invalid (nlist = {nlist}, code width = {codeStride}).");
        }

        return (nlist, codeStride);
    }

    /// <summary>Trains the code (SQ8 ranges, PQ codebooks) once the centroids and assignment are known.</summary>
    protected virtual void Train(ReadOnlySpan<float> vectors, ReadOnlySpan<int> assignment)
    {
    }

    protected virtual void SaveQuantizer(BinaryWriter writer)
    {
    }

    protected virtual void LoadQuantizer(BinaryReader reader)
    {
    }

    protected abstract void Encode(ReadOnlySpan<float> vector, int list, Span<TCode> code);

    /// <summary>
    /// Scans one list; <paramref name="filterFirst"/> asks to test the filter before computing a distance.
    /// <paramref name="next"/>: the codes of the list scanned after this one (empty if none), to prefetch meanwhile.
    /// </summary>
    protected abstract void ScanList<TDistance, TSink>(ReadOnlySpan<float> query, int list, ReadOnlySpan<TCode> next, TSink sink, Bitset? excluded, bool filterFirst)
        where TDistance : struct, IFloatDistance
        where TSink : struct, IRowSink;

    /// <summary>The residual of every row to its assigned list, in an array from the shared pool that the caller returns.</summary>
    protected float[] RentResiduals(ReadOnlySpan<float> vectors, ReadOnlySpan<int> assignment)
    {
        var residuals = ArrayPool<float>.Shared.Rent(Math.Max(1, assignment.Length * Dimension));
        for (var row = 0; row < assignment.Length; row++)
        {
            Residual(vectors.Slice(row * Dimension, Dimension), assignment[row], residuals.AsSpan(row * Dimension, Dimension));
        }

        return residuals;
    }

    /// <summary>vector minus the centroid of <paramref name="list"/>: what residual codes (SQ8, PQ) encode.</summary>
    protected void Residual(ReadOnlySpan<float> vector, int list, Span<float> residual) =>
        System.Numerics.Tensors.TensorPrimitives.Subtract(vector, Centroids.AsSpan(list * Dimension, Dimension), residual);

    protected override int SearchOne<TDistance>(ReadOnlySpan<float> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances)
    {
        var heap = TopKHeapCache.Rent(k);
        Probe<TDistance, TopKSink>(query, parameters, new TopKSink(heap), excluded);
        return heap.DrainSorted(ids, distances);
    }

    protected override void RangeSearchOne<TDistance>(ReadOnlySpan<float> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found) =>
        Probe<TDistance, RangeSink>(query, parameters, new RangeSink(bounds, found), excluded);

    private void Probe<TDistance, TSink>(ReadOnlySpan<float> query, SearchParameters parameters, TSink sink, Bitset? excluded)
        where TDistance : struct, IFloatDistance
        where TSink : struct, IRowSink
    {
        var nlist = Nlist;
        var nprobe = Math.Min(parameters.Nprobe ?? IvfParameters.DefaultNprobe, nlist);
        var filterFirst = excluded is not null && AllowedRows(excluded) <= (long)Count * nprobe / nlist;
        if (filterFirst)
        {
            for (var list = 0; list < nlist; list++)
            {
                ScanList<TDistance, TSink>(query, list, next: default, sink, excluded, filterFirst: true);
            }

            return;
        }

        var centroidDistances = ArrayPool<float>.Shared.Rent(nlist + nprobe);
        var probes = ArrayPool<int>.Shared.Rent(nprobe);
        try
        {
            coarse!.RankingDistances(query, centroidDistances);
            ProbeOrder.Select(centroidDistances.AsSpan(0, nlist), probes.AsSpan(0, nprobe), centroidDistances.AsSpan(nlist, nprobe));
            var lists = Lists!.Lists;
            for (var i = 0; i < nprobe; i++)
            {
                var next = i + 1 < nprobe ? lists[probes[i + 1]].Current.Rows(CodeStride) : default;
                ScanList<TDistance, TSink>(query, probes[i], next, sink, excluded, filterFirst: false);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(centroidDistances);
            ArrayPool<int>.Shared.Return(probes);
        }
    }

    private void SetCentroids(float[] centroids)
    {
        Centroids = centroids;
        coarse = new CoarseQuantizer(centroids, Dimension);
    }

    private long AllowedRows(Bitset excluded) => Math.Max(0, Math.Min(Count, excluded.Length) - excluded.PopCount());
}
