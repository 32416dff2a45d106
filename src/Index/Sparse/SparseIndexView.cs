using System.Collections.Concurrent;

namespace OrleansVector.Index.Sparse;

/// <summary>
/// A reader's snapshot of a <see cref="SparseInvertedIndex"/>: the first <see cref="Count"/> rows (by ordinal), their
/// ids and the posting lists as published then. Postings of later rows are skipped (lists are in ordinal order).
/// </summary>
internal readonly struct SparseIndexView(ConcurrentDictionary<uint, PostingList> dimensions, long[] ids, int count)
{
    public ConcurrentDictionary<uint, PostingList> Dimensions { get; } = dimensions;

    public long[] Ids { get; } = ids;

    public int Count { get; } = count;

    /// <summary>The postings of <paramref name="dimension"/> among the visible rows.</summary>
    public ReadOnlySpan<Posting> Postings(uint dimension)
    {
        if (!Dimensions.TryGetValue(dimension, out var list))
        {
            return [];
        }

        var end = Visible(list, out var postings);
        return postings.AsSpan(0, end);
    }

    /// <summary>How many of <paramref name="list"/>'s postings belong to visible rows (a prefix: lists are in ordinal order).</summary>
    public int Visible(PostingList list, out Posting[] postings)
    {
        postings = list.Read(out var end);
        while (end > 0 && postings[end - 1].Ordinal >= Count)
        {
            end--;
        }

        return end;
    }

    /// <summary>
    /// Every visible row's inner product with the query, term at a time, on this thread's <see cref="ScoreBoard"/> (the
    /// caller clears it). Query values below the drop ratio's cut are ignored.
    /// </summary>
    public ScoreBoard Score(ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, float dropRatio)
    {
        var threshold = MagnitudeCut.Threshold(values, dropRatio);
        long postings = 0;
        for (var t = 0; t < indices.Length; t++)
        {
            if (Kept(values[t], threshold))
            {
                postings += Postings(indices[t]).Length;
            }
        }

        var board = ScoreBoard.Rent(Count, postings);
        for (var t = 0; t < indices.Length; t++)
        {
            var weight = values[t];
            if (Kept(weight, threshold))
            {
                foreach (var posting in Postings(indices[t]))
                {
                    board.Add(posting.Ordinal, weight * posting.Value);
                }
            }
        }

        return board;
    }

    /// <summary>The best <paramref name="k"/> rows scoring above 0 (internal distances = -score, best first); returns how many.</summary>
    public int TopK(ScoreBoard board, int k, Bitset? excluded, Span<long> resultIds, Span<float> distances)
    {
        var heap = TopKHeapCache.Rent(k);
        while (board.TryTake(out var ordinal, out var score))
        {
            if (score > 0f && -score <= heap.Threshold && !VectorIndex<float>.IsExcluded(excluded, Ids[ordinal]))
            {
                heap.TryAdd(Ids[ordinal], -score);
            }
        }

        return heap.DrainSorted(resultIds, distances);
    }

    /// <summary>The rows with a non-zero score inside <paramref name="bounds"/> (internal distances), unordered.</summary>
    public List<Neighbor> Within(ScoreBoard board, RangeBounds bounds, Bitset? excluded)
    {
        var found = new List<Neighbor>();
        while (board.TryTake(out var ordinal, out var score))
        {
            if (score != 0f && bounds.Contains(-score) && !VectorIndex<float>.IsExcluded(excluded, Ids[ordinal]))
            {
                found.Add(new Neighbor(Ids[ordinal], -score));
            }
        }

        return found;
    }

    private static bool Kept(float weight, float threshold) => weight != 0f && Math.Abs(weight) >= threshold;
}
