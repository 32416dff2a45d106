using System.Buffers;

namespace OrleansVector.Index.Sparse;

/// <summary>
/// Exact top-k by MaxScore (Turtle and Flood), scored in windows of rows as Lucene's MaxScore bulk scorer does: each query
/// dimension's list has an upper bound on what it can add to a row (query value × the list's largest, or smallest,
/// value). Lists sorted by bound, the ones whose bounds sum to at most the current k-th score are non-essential: a row
/// found only in them cannot enter the top k. Each window accumulates the essential lists term at a time (O(1) per
/// posting, skipping empty stretches of rows), then takes its rows in ordinal order and probes the non-essential lists
/// for a row (galloping search) only while its score plus their remaining bounds can still beat the k-th score.
/// </summary>
internal static class MaxScoreSearch
{
    /// <summary>The best k rows scoring above 0 (internal distances = -score, best first); returns how many.</summary>
    public static int TopK(in SparseIndexView view, ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, float dropRatio, int k, Bitset? excluded, Span<long> ids, Span<float> distances)
    {
        var cursors = ArrayPool<Cursor>.Shared.Rent(Math.Max(indices.Length, 1));
        var bounds = ArrayPool<float>.Shared.Rent(Math.Max(indices.Length, 1));
        var window = Window.ForThread();
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

            for (var start = NextCandidate(lists, firstEssential); start != int.MaxValue; start = NextCandidate(lists, firstEssential))
            {
                // Term at a time over the essential lists, for the rows start .. start+Window.Size-1 only.
                var end = (int)Math.Min(int.MaxValue, (long)start + Window.Size);
                for (var i = firstEssential; i < count; i++)
                {
                    ref var cursor = ref lists[i];
                    for (; cursor.Position < cursor.End && cursor.Postings[cursor.Position].Ordinal < end; cursor.Position++)
                    {
                        var posting = cursor.Postings[cursor.Position];
                        window.Add(posting.Ordinal - start, cursor.Weight * posting.Value);
                    }
                }

                // Candidates in ordinal order, so that the non-essential cursors only move forward.
                var essentialAbove = threshold;
                while (window.TryTake(out var offset, out var score))
                {
                    var candidate = start + offset;
                    var id = view.Ids[candidate];
                    if (VectorIndex<float>.IsExcluded(excluded, id))
                    {
                        continue;
                    }

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
                    }
                }

                // The essential set shrinks between windows only: a list moved out mid-window would be counted twice.
                if (threshold > essentialAbove)
                {
                    while (firstEssential < count && prefix[firstEssential] <= threshold)
                    {
                        firstEssential++;
                    }
                }
            }

            return heap.DrainSorted(ids, distances);
        }
        finally
        {
            window.Clear();
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

    /// <summary>
    /// The scores of one window of rows, per thread: a bit per touched row, so rows come out in ordinal order and the
    /// scores need no clearing (a row's first contribution overwrites).
    /// </summary>
    private sealed class Window
    {
        public const int Size = 4096;

        [ThreadStatic]
        private static Window? perThread;

        private readonly float[] scores = new float[Size];
        private readonly ulong[] touched = new ulong[Size / 64];
        private int word;

        public static Window ForThread() => perThread ??= new Window();

        public void Add(int offset, float contribution)
        {
            ref var bits = ref touched[offset >> 6];
            var bit = 1UL << (offset & 63);
            if ((bits & bit) == 0)
            {
                bits |= bit;
                scores[offset] = contribution;
            }
            else
            {
                scores[offset] += contribution;
            }
        }

        /// <summary>Forgets every touched row (after a search that stopped early the window must not carry its rows over).</summary>
        public void Clear()
        {
            Array.Clear(touched);
            word = 0;
        }

        /// <summary>The next touched row (lowest offset first) and its score, clearing its bit; false when none is left.</summary>
        public bool TryTake(out int offset, out float score)
        {
            for (; word < touched.Length; word++)
            {
                if (touched[word] != 0)
                {
                    offset = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(touched[word]);
                    touched[word] &= touched[word] - 1;
                    score = scores[offset];
                    return true;
                }
            }

            word = 0;
            offset = 0;
            score = 0f;
            return false;
        }
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
