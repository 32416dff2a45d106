using System.Buffers;
using OrleansVector.Index.Ivf;
using OrleansVector.Index.Serialization;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Binary;

/// <summary>
/// BIN_IVF_FLAT: binary vectors in lists around binary centroids. The centroids come from k-means on the bits as 0/1
/// floats, rounded back to bits (as FAISS's IndexBinaryIVF trains); rows go to the nearest centroid by Hamming distance.
/// A filter that leaves fewer rows than nprobe lists hold makes the search scan every list (exact).
/// </summary>
internal sealed class BinIvfFlatIndex : BinaryVectorIndex
{
    /// <summary>Training rows per centroid, as the float k-means samples.</summary>
    private const int SamplesPerCentroid = 256;

    private readonly int requestedNlist;
    private byte[] centroids = [];
    private InvertedLists<byte>? lists;

    public BinIvfFlatIndex(MetricType metric, int dimension, int nlist)
        : base(IndexTypes.BinIvfFlat, metric, dimension)
    {
        requestedNlist = nlist;
    }

    public override bool RequiresTraining => true;

    public override int Count => lists?.Count ?? 0;

    public override long MemoryBytes => centroids.Length + (lists?.MemoryBytes ?? 0);

    private int Nlist => centroids.Length / Stride;

    internal static BinIvfFlatIndex Load(BinaryReader reader, MetricType metric, int dimension)
    {
        var nlist = reader.ReadInt32();
        if (nlist < 1 || nlist > IvfParameters.MaxNlist)
        {
            throw new InvalidDataException($"BIN_IVF_FLAT nlist = {nlist} is invalid.");
        }

        var index = new BinIvfFlatIndex(metric, dimension, nlist);
        index.centroids = reader.ReadArray<byte>();
        if (index.centroids.Length == 0 || index.centroids.Length % index.Stride != 0)
        {
            throw new InvalidDataException($"BIN_IVF_FLAT centroids hold {index.centroids.Length} bytes, not a positive multiple of {index.Stride}.");
        }

        index.lists = InvertedLists<byte>.Load(reader, index.Stride, index.Nlist);
        index.IsBuilt = true;
        return index;
    }

    protected override void BuildCore(ReadOnlySpan<byte> vectors, ReadOnlySpan<long> ids)
    {
        var rows = ids.Length;
        if (rows == 0)
        {
            throw new ArgumentException($"{IndexType} needs at least one vector to train on.", nameof(vectors));
        }

        var nlist = Math.Min(requestedNlist, rows);
        var samples = Math.Min(rows, nlist * SamplesPerCentroid);
        var bits = new float[(long)samples * Dimension];
        for (var i = 0; i < samples; i++)
        {
            var row = vectors.Slice((int)((long)i * rows / samples) * Stride, Stride);
            for (var bit = 0; bit < Dimension; bit++)
            {
                bits[((long)i * Dimension) + bit] = (row[bit >> 3] >> (bit & 7)) & 1;
            }
        }

        var floatCentroids = KMeans.Train(bits, Dimension, nlist, TrainingOptions with { MaxSamplesPerCentroid = SamplesPerCentroid });
        centroids = new byte[nlist * Stride];
        for (var i = 0; i < floatCentroids.Length; i++)
        {
            if (floatCentroids[i] > 0.5f)
            {
                centroids[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        lists = new InvertedLists<byte>(nlist, Stride);
        AddCore(vectors, ids);
    }

    protected override void AddCore(ReadOnlySpan<byte> vectors, ReadOnlySpan<long> ids)
    {
        var rows = ids.Length;
        var nlist = Nlist;
        var assignment = ArrayPool<int>.Shared.Rent(Math.Max(rows, 1));
        var distances = ArrayPool<float>.Shared.Rent(nlist);
        try
        {
            for (var row = 0; row < rows; row++)
            {
                BatchDistance.OneToMany<HammingDistance>(vectors.Slice(row * Stride, Stride), centroids, Stride, distances);
                assignment[row] = ArgMin(distances.AsSpan(0, nlist));
            }

            lists!.Append(vectors, ids, assignment.AsSpan(0, rows));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(assignment);
            ArrayPool<float>.Shared.Return(distances);
        }
    }

    protected override void SaveCore(BinaryWriter writer)
    {
        writer.Write(requestedNlist);
        writer.WriteArray<byte>(centroids);
        lists!.Save(writer);
    }

    protected override int SearchOne<TDistance>(ReadOnlySpan<byte> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances)
    {
        var heap = TopKHeapCache.Rent(k);
        Probe<TDistance, TopKSink>(query, parameters, new TopKSink(heap), excluded);
        return heap.DrainSorted(ids, distances);
    }

    protected override void RangeSearchOne<TDistance>(ReadOnlySpan<byte> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found) =>
        Probe<TDistance, RangeSink>(query, parameters, new RangeSink(bounds, found), excluded);

    private static int ArgMin(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private void Probe<TDistance, TSink>(ReadOnlySpan<byte> query, SearchParameters parameters, TSink sink, Bitset? excluded)
        where TDistance : struct, IBinaryDistance
        where TSink : struct, IRowSink
    {
        var nlist = Nlist;
        var nprobe = Math.Min(parameters.Nprobe ?? IvfParameters.DefaultNprobe, nlist);
        if (excluded is not null && Math.Min(Count, excluded.Length) - excluded.PopCount() <= (long)Count * nprobe / nlist)
        {
            nprobe = nlist;
        }

        var centroidDistances = ArrayPool<float>.Shared.Rent(nlist + nprobe);
        var probes = ArrayPool<int>.Shared.Rent(nprobe);
        try
        {
            BatchDistance.OneToMany<HammingDistance>(query, centroids, Stride, centroidDistances);
            ProbeOrder.Select(centroidDistances.AsSpan(0, nlist), probes.AsSpan(0, nprobe), centroidDistances.AsSpan(nlist, nprobe));
            for (var i = 0; i < nprobe; i++)
            {
                var snapshot = lists!.Lists[probes[i]].Current;
                var next = i + 1 < nprobe ? lists.Lists[probes[i + 1]].Current.Rows(Stride) : default;
                RowScan.Scan<byte, byte, BinaryBlock<TDistance>, TSink>(query, snapshot.Rows(Stride), snapshot.RowIds, Stride, default, sink, excluded, next);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(centroidDistances);
            ArrayPool<int>.Shared.Return(probes);
        }
    }
}
