using System.Buffers;
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
    /// Every visible row's inner product with the query (term at a time), in a pooled array of at least Count scores that
    /// the caller returns to <see cref="ArrayPool{T}.Shared"/>. Query values below the drop ratio's cut are ignored.
    /// </summary>
    public float[] Score(ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, float dropRatio)
    {
        var scores = ArrayPool<float>.Shared.Rent(Math.Max(Count, 1));
        var accumulator = scores.AsSpan(0, Count);
        accumulator.Clear();
        var threshold = MagnitudeCut.Threshold(values, dropRatio);
        for (var t = 0; t < indices.Length; t++)
        {
            var weight = values[t];
            if (weight == 0f || Math.Abs(weight) < threshold)
            {
                continue;
            }

            foreach (var posting in Postings(indices[t]))
            {
                accumulator[posting.Ordinal] += weight * posting.Value;
            }
        }

        return scores;
    }

    /// <summary>The best <paramref name="k"/> rows scoring above 0 (internal distances = -score, best first); returns how many.</summary>
    public int TopK(float[] scores, int k, Bitset? excluded, Span<long> resultIds, Span<float> distances)
    {
        var heap = TopKHeapCache.Rent(k);
        var accumulator = scores.AsSpan(0, Count);
        for (var ordinal = 0; ordinal < accumulator.Length; ordinal++)
        {
            var score = accumulator[ordinal];
            if (score > 0f && -score <= heap.Threshold && !VectorIndex<float>.IsExcluded(excluded, Ids[ordinal]))
            {
                heap.TryAdd(Ids[ordinal], -score);
            }
        }

        return heap.DrainSorted(resultIds, distances);
    }

    /// <summary>The rows with a non-zero score inside <paramref name="bounds"/> (internal distances), unordered.</summary>
    public List<Neighbor> Within(float[] scores, RangeBounds bounds, Bitset? excluded)
    {
        var found = new List<Neighbor>();
        var accumulator = scores.AsSpan(0, Count);
        for (var ordinal = 0; ordinal < accumulator.Length; ordinal++)
        {
            var score = accumulator[ordinal];
            if (score != 0f && bounds.Contains(-score) && !VectorIndex<float>.IsExcluded(excluded, Ids[ordinal]))
            {
                found.Add(new Neighbor(Ids[ordinal], -score));
            }
        }

        return found;
    }
}
