using OrleansVector.Kernels;

namespace OrleansVector.Index.Hnsw;

internal sealed unsafe partial class HnswGraph
{
    /// <summary>
    /// Adds a batch: writes every vector first, then links the new nodes, in parallel when the batch is large enough.
    /// Callers serialize batches.
    /// </summary>
    public void AddBatch<TDistance>(ReadOnlySpan<float> vectors, ReadOnlySpan<long> ids, int maxDegreeOfParallelism)
        where TDistance : struct, IFloatDistance
    {
        var first = Count;
        var n = ids.Length;
        EnsureCapacity(first + n);
        var s = storage;
        for (var i = 0; i < n; i++)
        {
            var node = first + i;
            vectors.Slice(i * Dimension, Dimension).CopyTo(new Span<float>(VectorPointer(s, node), Dimension));
            *Level0List(s, node) = 0;
            var level = RandomLevel(node);
            if (level > 0)
            {
                s.Upper[node] = GC.AllocateArray<int>(level * (1 + M), pinned: true);
            }

            Volatile.Write(ref s.Ids[node], ids[i]);
        }

        Volatile.Write(ref count, first + n);
        if (maxDegreeOfParallelism == 1 || n < 256)
        {
            for (var node = first; node < first + n; node++)
            {
                Link<TDistance>(s, node);
            }
        }
        else
        {
            Parallel.For(first, first + n, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, node => Link<TDistance>(s, node));
        }
    }

    /// <summary>Level drawn from the exponential distribution, deterministic per node index (whatever the thread order).</summary>
    private int RandomLevel(int node)
    {
        var x = seed + ((ulong)node * 0x9E3779B97F4A7C15UL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        var uniform = ((x >> 11) + 1) * (1.0 / (1UL << 53));
        return Math.Min((int)(-Math.Log(uniform) * levelMultiplier), 30);
    }

    private void Link<TDistance>(Storage s, int node)
        where TDistance : struct, IFloatDistance
    {
        var level = LevelOf(s, node, M);
        var (entryNode, top) = UnpackEntry(Volatile.Read(ref entry));
        var raisesTop = level > top;
        if (raisesTop)
        {
            entryLock.Enter();
            (entryNode, top) = UnpackEntry(Volatile.Read(ref entry));
            raisesTop = level > top;
            if (!raisesTop)
            {
                entryLock.Exit();
            }
        }

        try
        {
            if (entryNode < 0)
            {
                Volatile.Write(ref entry, ((long)level << 32) | (uint)node);
                return;
            }

            var query = Vector(s, node);
            var current = entryNode;
            var currentDistance = TDistance.Distance(query, Vector(s, current));
            for (var l = top; l > level; l--)
            {
                Greedy<TDistance>(s, query, l, ref current, ref currentDistance);
            }

            var context = HnswSearchContext.Begin(s.Capacity);
            Span<int> targets = stackalloc int[M];
            for (var l = Math.Min(level, top); l >= 0; l--)
            {
                context.Restart();
                SearchLayer<TDistance, NoFilter>(s, query, current, currentDistance, EfConstruction, l, context, default);
                var found = DrainAscending(context);
                var selected = SelectNeighbors<TDistance>(s, context, found, M);
                current = context.SelectNodes[0];
                currentDistance = context.SelectDistances[0];
                context.Selected.AsSpan(0, selected).CopyTo(targets);
                var list = List(s, node, l);
                lock (NodeLock(node))
                {
                    for (var i = 0; i < selected; i++)
                    {
                        list[1 + i] = targets[i];
                    }

                    Volatile.Write(ref *list, selected);
                }

                // Connect reuses the context's selection buffers, hence the copy in targets.
                foreach (var target in targets[..selected])
                {
                    Connect<TDistance>(s, target, node, l, context);
                }
            }

            if (raisesTop)
            {
                Volatile.Write(ref entry, ((long)level << 32) | (uint)node);
            }
        }
        finally
        {
            if (raisesTop)
            {
                entryLock.Exit();
            }
        }
    }

    /// <summary>Adds <paramref name="node"/> to <paramref name="neighbor"/>'s list at a level, pruning it when full.</summary>
    private void Connect<TDistance>(Storage s, int neighbor, int node, int level, HnswSearchContext context)
        where TDistance : struct, IFloatDistance
    {
        var capacity = level == 0 ? MaxM0 : M;
        var neighborVector = Vector(s, neighbor);
        lock (NodeLock(neighbor))
        {
            var list = List(s, neighbor, level);
            var size = *list;
            for (var i = 1; i <= size; i++)
            {
                if (list[i] == node)
                {
                    return;
                }
            }

            if (size < capacity)
            {
                list[1 + size] = node;
                Volatile.Write(ref *list, size + 1);
                return;
            }

            // Full: keep the most diverse of the old neighbours plus the new node (the same heuristic as insertion).
            context.EnsureSelectCapacity(size + 1);
            var nodes = context.SelectNodes;
            var distances = context.SelectDistances;
            nodes[0] = node;
            distances[0] = TDistance.Distance(neighborVector, Vector(s, node));
            for (var i = 0; i < size; i++)
            {
                nodes[1 + i] = list[1 + i];
                distances[1 + i] = TDistance.Distance(neighborVector, Vector(s, list[1 + i]));
            }

            Array.Sort(distances, nodes, 0, size + 1);
            var kept = SelectNeighbors<TDistance>(s, context, size + 1, capacity);
            for (var i = 0; i < kept; i++)
            {
                list[1 + i] = context.Selected[i];
            }

            Volatile.Write(ref *list, kept);
        }
    }

    /// <summary>Moves the result heap into SelectNodes/SelectDistances, closest first; returns the count.</summary>
    private static int DrainAscending(HnswSearchContext context)
    {
        var results = context.Results;
        var n = results.Count;
        context.EnsureSelectCapacity(n);
        for (var i = n - 1; i >= 0; i--)
        {
            context.SelectNodes[i] = results.TopNode;
            context.SelectDistances[i] = -results.TopKey;
            results.Pop();
        }

        return n;
    }

    /// <summary>
    /// HNSW's neighbour heuristic over the first <paramref name="candidates"/> entries of SelectNodes (sorted closest
    /// first): keep a candidate only if it is closer to the base than to every one kept so far. Writes Selected.
    /// </summary>
    private int SelectNeighbors<TDistance>(Storage s, HnswSearchContext context, int candidates, int max)
        where TDistance : struct, IFloatDistance
    {
        var nodes = context.SelectNodes;
        var distances = context.SelectDistances;
        var selected = context.Selected;
        if (candidates <= max)
        {
            nodes.AsSpan(0, candidates).CopyTo(selected);
            return candidates;
        }

        var kept = 0;
        for (var i = 0; i < candidates && kept < max; i++)
        {
            var candidate = Vector(s, nodes[i]);
            var good = true;
            for (var j = 0; j < kept; j++)
            {
                if (TDistance.Distance(candidate, Vector(s, selected[j])) < distances[i])
                {
                    good = false;
                    break;
                }
            }

            if (good)
            {
                selected[kept++] = nodes[i];
            }
        }

        return kept;
    }
}
