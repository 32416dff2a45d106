using OrleansVector.Kernels;

namespace OrleansVector.Index.Flat;

/// <summary>FLAT: exact search by scanning every vector with the SIMD batch kernels. Supports Add at any time.</summary>
internal sealed class FlatIndex : FloatVectorIndex
{
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

    protected override void RangeSearchOne<TDistance>(ReadOnlySpan<float> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found) =>
        scan.Range<FloatBlock<TDistance>>(query, bounds, excluded, found);
}
