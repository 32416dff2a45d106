using System.Buffers;

namespace OrleansVector.Index.Sparse;

/// <summary>
/// Exact top-k by document-at-a-time MaxScore (Turtle and Flood): each query dimension's list has an upper bound on what
/// it can add to a row (query value × the list's largest, or smallest, value). Lists sorted by bound, the ones whose
/// bounds sum to at most the current k-th score are non-essential: a row found only in them cannot enter the top k, so
/// candidates come from the essential lists alone, in ordinal order, and the non-essential lists are only probed for
/// a candidate (by galloping search) while its score plus their remaining bounds can still beat the k-th score.
/// </summary>
internal static class MaxScoreSearch
{
    /// <summary>The best k rows scoring above 0 (internal distances = -score, best first); returns how many.</summary>
    public static int TopK(in SparseIndexView view, ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, float dropRatio, int k, Bitset? excluded, Span<long> ids, Span<float> distances)
    {
        var cursors = ArrayPool<Cursor>.Shared.Rent(Math.Max(indices.Length, 1));
        var bounds = ArrayPool<float>.Shared.Rent(Math.Max(indices.Length, 1));
        try
        {
            var count = OpenCursors(view, indices, values, dropRatio, cursors);
            var lists = cursors.AsSpan(0, count);
            lists.Sort(static (a, b) => a.Bound.CompareTo(b.Bound));
            // bounds[i]: what lists 0..i together can add at most.
            var prefix = bounds.AsSpan(0, count);
            for (var i = 0; i < count; i++)
            {
                prefix[i] = (i == 0 ? 0 : prefix[i - 1]) + lists[i].Bound;
            }

            var heap = TopKHeapCache.Rent(k);
            var threshold = 0f;
            var firstEssential = 0;
            while (firstEssential < count && prefix[firstEssential] <= threshold)
            {
                firstEssential++;
            }

            var candidate = NextCandidate(lists, firstEssential);
            while (candidate != int.MaxValue)
            {
                // Score the candidate from the essential lists, finding the next candidate on the way.
                var score = 0f;
                var next = int.MaxValue;
                for (var i = firstEssential; i < count; i++)
                {
                    ref var cursor = ref lists[i];
                    if (cursor.Current == candidate)
                    {
                        score += cursor.Weight * cursor.Postings[cursor.Position].Value;
                        cursor.Position++;
                    }

                    next = Math.Min(next, cursor.Current);
                }

                var id = view.Ids[candidate];
                if (!VectorIndex<float>.IsExcluded(excluded, id))
                {
                    for (var i = firstEssential - 1; i >= 0 && score + prefix[i] > threshold; i--)
                    {
                        ref var cursor = ref lists[i];
                        if (cursor.SeekTo(candidate))
                        {
                            score += cursor.Weight * cursor.Postings[cursor.Position].Value;
                        }
                    }

                    if (score > threshold && heap.TryAdd(id, -score) && heap.Count == k)
                    {
                        threshold = -heap.Threshold;
                        var essential = firstEssential;
                        while (firstEssential < count && prefix[firstEssential] <= threshold)
                        {
                            firstEssential++;
                        }

                        if (firstEssential != essential)
                        {
                            next = NextCandidate(lists, firstEssential);
                        }
                    }
                }

                candidate = next;
            }

            return heap.DrainSorted(ids, distances);
        }
        finally
        {
            ArrayPool<Cursor>.Shared.Return(cursors, clearArray: true);
            ArrayPool<float>.Shared.Return(bounds);
        }
    }

    /// <summary>The smallest ordinal under the essential cursors (int.MaxValue when they are exhausted).</summary>
    private static int NextCandidate(Span<Cursor> lists, int firstEssential)
    {
        var candidate = int.MaxValue;
        for (var i = firstEssential; i < lists.Length; i++)
        {
            candidate = Math.Min(candidate, lists[i].Current);
        }

        return candidate;
    }

    /// <summary>One cursor per query dimension that has visible postings and a non-zero weight above the drop cut.</summary>
    private static int OpenCursors(in SparseIndexView view, ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, float dropRatio, Cursor[] cursors)
    {
        var threshold = MagnitudeCut.Threshold(values, dropRatio);
        var count = 0;
        for (var t = 0; t < indices.Length; t++)
        {
            var weight = values[t];
            if (weight == 0f || Math.Abs(weight) < threshold || !view.Dimensions.TryGetValue(indices[t], out var list))
            {
                continue;
            }

            var end = view.Visible(list, out var postings);
            if (end > 0)
            {
                var bound = Math.Max(0f, Math.Max(weight * list.MaxValue, weight * list.MinValue));
                cursors[count++] = new Cursor(postings, end, weight, bound);
            }
        }

        return count;
    }

    /// <summary>A position in one posting list (the visible prefix of <see cref="Postings"/>).</summary>
    private struct Cursor(Posting[] postings, int end, float weight, float bound)
    {
        public readonly Posting[] Postings = postings;
        public readonly int End = end;
        public readonly float Weight = weight;
        public readonly float Bound = bound;
        public int Position;

        /// <summary>The ordinal under the cursor, int.MaxValue once the list is exhausted.</summary>
        public readonly int Current => Position < End ? Postings[Position].Ordinal : int.MaxValue;

        /// <summary>Moves to the first posting at or after <paramref name="ordinal"/> (galloping, then binary search); true when it is that ordinal.</summary>
        public bool SeekTo(int ordinal)
        {
            if (Position >= End || Postings[Position].Ordinal >= ordinal)
            {
                return Current == ordinal;
            }

            var step = 1;
            var low = Position;
            var high = Position + 1;
            while (high < End && Postings[high].Ordinal < ordinal)
            {
                low = high;
                step <<= 1;
                high = Math.Min(End, high + step);
            }

            high = Math.Min(high, End);
            // Postings[low] < ordinal; the answer is in (low, high].
            while (low + 1 < high)
            {
                var mid = (low + high) >>> 1;
                if (Postings[mid].Ordinal < ordinal)
                {
                    low = mid;
                }
                else
                {
                    high = mid;
                }
            }

            Position = high;
            return Current == ordinal;
        }
    }
}
