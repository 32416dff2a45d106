using OrleansVector.Kernels;

namespace OrleansVector.Index.Datasets;

/// <summary>
/// Exact k-nearest-neighbour ground truth by brute force over the float kernels: ids nearest first, ties broken by the
/// smaller id. Independent of every index type, so recall measured against it is recall against the truth.
/// </summary>
public static class ExactNeighbors
{
    // Queries per work item and base rows per distance tile: a tile of rows is reused across the block of queries.
    private const int QueryBlock = 16;
    private const int RowBlock = 2048;

    /// <summary>The <paramref name="k"/> nearest base rows of each query (k is capped at the base size).</summary>
    public static VectorArray<int> Compute(VectorArray<float> data, VectorArray<float> queries, int k, MetricType metric, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (data.Dim != queries.Dim)
        {
            throw new ArgumentException($"queries have dimension {queries.Dim}, the base vectors {data.Dim}", nameof(queries));
        }
        if (data.Count == 0)
        {
            throw new ArgumentException("the base holds no vectors", nameof(data));
        }
        k = Math.Min(k, data.Count);
        return metric switch
        {
            MetricType.L2 => Compute<L2Distance>(data, queries, k, maxDegreeOfParallelism),
            MetricType.IP => Compute<IPDistance>(data, queries, k, maxDegreeOfParallelism),
            MetricType.Cosine => Compute<CosineDistance>(Normalized(data), Normalized(queries), k, maxDegreeOfParallelism),
            _ => throw new ArgumentException($"metric {Metrics.MilvusName(metric)} is not a float metric; valid metrics are L2, IP, COSINE", nameof(metric)),
        };
    }

    private static VectorArray<int> Compute<TDistance>(VectorArray<float> data, VectorArray<float> queries, int k, int maxDegreeOfParallelism)
        where TDistance : struct, IFloatDistance
    {
        var ids = new int[queries.Count * k];
        var blocks = (queries.Count + QueryBlock - 1) / QueryBlock;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, blocks, parallel, () => new BlockState(k), (block, _, state) =>
        {
            var first = block * QueryBlock;
            var count = Math.Min(QueryBlock, queries.Count - first);
            state.Search<TDistance>(data, queries.Rows(first, count), ids.AsSpan(first * k, count * k));
            return state;
        }, _ => { });
        return new VectorArray<int>(ids, queries.Count, k);
    }

    private static VectorArray<float> Normalized(VectorArray<float> vectors)
    {
        var copy = (float[])vectors.Data.Clone();
        for (var i = 0; i < vectors.Count; i++)
        {
            VectorMath.Normalize(copy.AsSpan(i * vectors.Dim, vectors.Dim));
        }
        return new VectorArray<float>(copy, vectors.Count, vectors.Dim);
    }

    /// <summary>Per-worker buffers, reused across the blocks the worker takes.</summary>
    private sealed class BlockState(int k)
    {
        private readonly TopKHeap[] _heaps = Enumerable.Range(0, QueryBlock).Select(_ => new TopKHeap(k)).ToArray();
        private readonly float[] _distances = new float[QueryBlock * RowBlock];
        private readonly long[] _drainIds = new long[k];
        private readonly float[] _drainDistances = new float[k];

        public void Search<TDistance>(VectorArray<float> data, ReadOnlySpan<float> queryBlock, Span<int> ids)
            where TDistance : struct, IFloatDistance
        {
            var queryCount = queryBlock.Length / data.Dim;
            for (var start = 0; start < data.Count; start += RowBlock)
            {
                var rows = Math.Min(RowBlock, data.Count - start);
                var distances = _distances.AsSpan(0, queryCount * rows);
                BatchDistance.ManyToMany<TDistance>(queryBlock, data.Rows(start, rows), data.Dim, distances);
                for (var q = 0; q < queryCount; q++)
                {
                    var heap = _heaps[q];
                    var row = distances.Slice(q * rows, rows);
                    for (var r = 0; r < rows; r++)
                    {
                        if (row[r] <= heap.Threshold)
                        {
                            heap.TryAdd(start + r, row[r]);
                        }
                    }
                }
            }
            for (var q = 0; q < queryCount; q++)
            {
                var found = _heaps[q].DrainSorted(_drainIds, _drainDistances);
                for (var i = 0; i < found; i++)
                {
                    ids[(q * _drainIds.Length) + i] = (int)_drainIds[i];
                }
            }
        }
    }
}
