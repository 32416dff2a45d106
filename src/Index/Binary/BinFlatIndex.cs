using OrleansVector.Index.Flat;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Binary;

/// <summary>BIN_FLAT: exact search over binary vectors (HAMMING, JACCARD). Supports Add at any time.</summary>
internal sealed class BinFlatIndex : BinaryVectorIndex
{
    private readonly FlatScan<byte> scan;

    public BinFlatIndex(MetricType metric, int dimension)
        : this(metric, dimension, new FlatScan<byte>(dimension / 8))
    {
    }

    private BinFlatIndex(MetricType metric, int dimension, FlatScan<byte> scan)
        : base(IndexTypes.BinFlat, metric, dimension)
    {
        this.scan = scan;
    }

    public override bool RequiresTraining => false;

    public override int Count => scan.Store.Count;

    public override long MemoryBytes => scan.Store.MemoryBytes;

    internal static BinFlatIndex Load(BinaryReader reader, MetricType metric, int dimension) =>
        new(metric, dimension, FlatScan<byte>.Load(reader, dimension / 8)) { IsBuilt = true };

    protected override void BuildCore(ReadOnlySpan<byte> vectors, ReadOnlySpan<long> ids) => scan.Store.Append(vectors, ids);

    protected override void AddCore(ReadOnlySpan<byte> vectors, ReadOnlySpan<long> ids) => scan.Store.Append(vectors, ids);

    protected override void SaveCore(BinaryWriter writer) => scan.Store.Save(writer);

    protected override int SearchOne<TDistance>(ReadOnlySpan<byte> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances) =>
        scan.Search<BinaryBlock<TDistance>>(query, k, excluded, ids, distances);

    protected override void RangeSearchOne<TDistance>(ReadOnlySpan<byte> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found) =>
        scan.Range<BinaryBlock<TDistance>>(query, bounds, excluded, found);
}
