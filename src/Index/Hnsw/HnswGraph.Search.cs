using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using OrleansVector.Kernels;

namespace OrleansVector.Index.Hnsw;

internal sealed unsafe partial class HnswGraph
{
    /// <summary>
    /// The best <paramref name="k"/> nodes allowed by <paramref name="filter"/> (internal distances, best first); returns
    /// how many were found. <paramref name="ef"/> is at least k.
    /// </summary>
    public int Search<TDistance, TFilter>(ReadOnlySpan<float> query, int k, int ef, TFilter filter, Span<long> ids, Span<float> distances)
        where TDistance : struct, IFloatDistance
        where TFilter : struct, INodeFilter
    {
        var s = storage;
        var (entryNode, top) = UnpackEntry(Volatile.Read(ref entry));
        if (entryNode < 0)
        {
            return 0;
        }

        var current = entryNode;
        var currentDistance = TDistance.Distance(query, Vector(s, current));
        for (var l = top; l > 0; l--)
        {
            Greedy<TDistance>(s, query, l, ref current, ref currentDistance);
        }

        var context = HnswSearchContext.Begin(s.Capacity);
        SearchLayer<TDistance, TFilter>(s, query, current, currentDistance, Math.Max(ef, k), 0, context, filter);
        var results = context.Results;
        while (results.Count > k)
        {
            results.Pop();
        }

        var n = results.Count;
        for (var i = n - 1; i >= 0; i--)
        {
            ids[i] = s.Ids[results.TopNode];
            distances[i] = -results.TopKey;
            results.Pop();
        }

        return n;
    }

    /// <summary>Exact search over every allowed node: for filters that leave too few rows for the graph to find.</summary>
    public int BruteForce<TDistance>(ReadOnlySpan<float> query, int k, Bitset? excluded, Span<long> ids, Span<float> distances)
        where TDistance : struct, IFloatDistance
    {
        var s = storage;
        var n = Count;
        var heap = TopKHeapCache.Rent(k);
        for (var node = 0; node < n; node++)
        {
            var id = s.Ids[node];
            if (id >= 0 && !VectorIndex<float>.IsExcluded(excluded, id))
            {
                var distance = TDistance.Distance(query, Vector(s, node));
                if (distance <= heap.Threshold)
                {
                    heap.TryAdd(id, distance);
                }
            }
        }

        return heap.DrainSorted(ids, distances);
    }

    /// <summary>Every allowed node within the bounds, exactly (the fallback of range search).</summary>
    public void BruteForceRange<TDistance>(ReadOnlySpan<float> query, RangeBounds bounds, Bitset? excluded, List<Neighbor> found)
        where TDistance : struct, IFloatDistance
    {
        var s = storage;
        var n = Count;
        for (var node = 0; node < n; node++)
        {
            var id = s.Ids[node];
            if (id >= 0 && !VectorIndex<float>.IsExcluded(excluded, id))
            {
                var distance = TDistance.Distance(query, Vector(s, node));
                if (bounds.Contains(distance))
                {
                    found.Add(new Neighbor(id, distance));
                }
            }
        }
    }

    /// <summary>Walks to ever closer neighbours on one level until none is closer.</summary>
    private void Greedy<TDistance>(Storage s, ReadOnlySpan<float> query, int level, ref int current, ref float currentDistance)
        where TDistance : struct, IFloatDistance
    {
        bool changed;
        do
        {
            changed = false;
            var list = List(s, current, level);
            var size = Volatile.Read(ref *list);
            for (var i = 1; i <= size; i++)
            {
                var candidate = list[i];
                var distance = TDistance.Distance(query, Vector(s, candidate));
                if (distance < currentDistance)
                {
                    currentDistance = distance;
                    current = candidate;
                    changed = true;
                }
            }
        }
        while (changed);
    }

    /// <summary>
    /// Best-first search of one level from an entry node, keeping the <paramref name="ef"/> best allowed nodes in
    /// context.Results (a max-heap of negated distances). Disallowed nodes are still walked through.
    /// </summary>
    private void SearchLayer<TDistance, TFilter>(Storage s, ReadOnlySpan<float> query, int entryNode, float entryDistance, int ef, int level, HnswSearchContext context, TFilter filter)
        where TDistance : struct, IFloatDistance
        where TFilter : struct, INodeFilter
    {
        var candidates = context.Candidates;
        var results = context.Results;
        context.Visit(entryNode);
        candidates.Push(entryDistance, entryNode);
        var bound = float.PositiveInfinity;
        if (filter.Allows(s.Ids[entryNode]))
        {
            results.Push(-entryDistance, entryNode);
            bound = entryDistance;
        }

        while (candidates.Count > 0)
        {
            var candidateDistance = candidates.TopKey;
            if (candidateDistance > bound && (results.Count == ef || !TFilter.Filters))
            {
                break;
            }

            var list = List(s, candidates.TopNode, level);
            candidates.Pop();
            var size = Volatile.Read(ref *list);
            if (size > 0)
            {
                Prefetch(s, list[1]);
            }

            for (var i = 1; i <= size; i++)
            {
                var neighbor = list[i];
                if (i < size)
                {
                    Prefetch(s, list[i + 1]);
                }

                if (!context.Visit(neighbor))
                {
                    continue;
                }

                var distance = TDistance.Distance(query, Vector(s, neighbor));
                if (results.Count < ef || distance < bound)
                {
                    candidates.Push(distance, neighbor);
                    if (filter.Allows(s.Ids[neighbor]))
                    {
                        results.Push(-distance, neighbor);
                        if (results.Count > ef)
                        {
                            results.Pop();
                        }

                        bound = -results.TopKey;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Prefetch(Storage s, int node)
    {
        if (Sse.IsSupported)
        {
            var p = s.Base + ((long)node * Stride);
            Sse.Prefetch0(p);
            Sse.Prefetch0(p + 64);
        }
    }
}
