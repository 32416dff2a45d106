using System.Buffers;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Hnsw;

/// <summary>
/// HNSW: a navigable small-world graph. Builds in parallel over all cores (or BuildThreads), takes Add at any time (growing segments),
/// and answers filtered searches either through the graph (walking excluded nodes, returning only allowed ones) or,
/// when the filter leaves so few rows that the walk would cost more, by scanning the allowed rows exactly.
/// </summary>
internal sealed class HnswIndex : FloatVectorIndex
{
    /// <summary>ef when the request gives none (raised to k).</summary>
    internal const int DefaultEf = 16;

    /// <summary>First ef of range search; doubled while the whole candidate list stays inside the range.</summary>
    private const int RangeStartEf = 64;

    private readonly HnswGraph graph;

    public HnswIndex(MetricType metric, int dimension, HnswParameters parameters)
        : this(metric, dimension, new HnswGraph(dimension, parameters.M, parameters.EfConstruction))
    {
    }

    private HnswIndex(MetricType metric, int dimension, HnswGraph graph)
        : base(IndexTypes.Hnsw, metric, dimension)
    {
        this.graph = graph;
    }

    public override bool RequiresTraining => false;

    public override int Count => graph.Count;

    public override long MemoryBytes => graph.MemoryBytes;

    internal int M => graph.M;

    internal int EfConstruction => graph.EfConstruction;

    internal static HnswIndex Load(BinaryReader reader, MetricType metric, int dimension) =>
        new(metric, dimension, HnswGraph.Load(reader, dimension)) { IsBuilt = true };

    protected override void BuildCore(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids) => AddCore(vectors, ids);

    protected override void AddCore(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids)
    {
        switch (Metric)
        {
            case MetricType.L2:
                graph.AddBatch<L2Distance>(vectors, ids, BuildThreads);
                break;
            case MetricType.IP:
                graph.AddBatch<IPDistance>(vectors, ids, BuildThreads);
                break;
            default:
                graph.AddBatch<CosineDistance>(vectors, ids, BuildThreads);
                break;
        }
    }

    protected override void SaveCore(BinaryWriter writer) => graph.Save(writer);

    protected override int SearchOne<TDistance>(ReadOnlySpan<float> query, int k, SearchParameters parameters, Bitset? excluded, Span<long> ids, Span<float> distances)
    {
        var ef = Math.Max(parameters.Ef ?? DefaultEf, k);
        if (excluded is null)
        {
            return graph.Search<TDistance, NoFilter>(query, k, ef, default, ids, distances);
        }

        return PreferScan(excluded, ef)
            ? graph.BruteForce<TDistance>(query, k, excluded, ids, distances)
            : graph.Search<TDistance, ExcludedRows>(query, k, ef, new ExcludedRows(excluded), ids, distances);
    }

    protected override void RangeSearchOne<TDistance>(ReadOnlySpan<float> query, RangeBounds bounds, SearchParameters parameters, Bitset? excluded, List<Neighbor> found)
    {
        var ef = Math.Max(parameters.Ef ?? RangeStartEf, RangeStartEf);
        while (true)
        {
            if ((long)ef * 2 > Count || (excluded is not null && PreferScan(excluded, ef)))
            {
                graph.BruteForceRange<TDistance>(query, bounds, excluded, found);
                return;
            }

            var ids = ArrayPool<long>.Shared.Rent(ef);
            var distances = ArrayPool<float>.Shared.Rent(ef);
            try
            {
                var n = excluded is null
                    ? graph.Search<TDistance, NoFilter>(query, ef, ef, default, ids, distances)
                    : graph.Search<TDistance, ExcludedRows>(query, ef, ef, new ExcludedRows(excluded), ids, distances);

                // Stop once at least half the list lies beyond the radius: then the walk has searched well past the
                // range's edge. Otherwise a longer list may hold more rows inside it.
                var inside = distances.AsSpan(0, n).IndexOfAnyExceptInRange(float.NegativeInfinity, BelowUpper(bounds));
                if (n == ef && (inside < 0 || inside > ef / 2))
                {
                    ef *= 2;
                    continue;
                }

                for (var i = 0; i < n; i++)
                {
                    if (bounds.Contains(distances[i]))
                    {
                        found.Add(new Neighbor(ids[i], distances[i]));
                    }
                }

                return;
            }
            finally
            {
                ArrayPool<long>.Shared.Return(ids);
                ArrayPool<float>.Shared.Return(distances);
            }
        }
    }

    private static float BelowUpper(RangeBounds bounds) => MathF.BitDecrement(bounds.Upper);

    /// <summary>
    /// Cost model for filtered search: to collect ef allowed nodes the walk visits about ef * 2M / (allowed fraction)
    /// nodes; scanning costs one distance per allowed row. Scan when that is cheaper.
    /// </summary>
    private bool PreferScan(Bitset excluded, int ef)
    {
        var n = Count;
        var allowed = Math.Max(0, Math.Min(n, excluded.Length) - excluded.PopCount());
        if (allowed == 0 || n == 0)
        {
            return true;
        }

        var fraction = (double)allowed / n;
        return allowed <= ef * (double)graph.MaxM0 / fraction;
    }
}
