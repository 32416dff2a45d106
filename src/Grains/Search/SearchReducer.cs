using Google.Protobuf.Collections;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;

namespace OrleansVector.Grains.Search;

/// <summary>
/// Merges search results of segments (in a shard) or of shards (in a collection) into one top-k per query, as Milvus's
/// reduce does: best first by the metric's order (L2, HAMMING, JACCARD ascending; IP and COSINE descending), a primary
/// key at most once per query, then <c>offset</c> hits skipped and at most <c>limit</c> kept. Output columns follow the hits.
/// </summary>
internal static class SearchReducer
{
    /// <summary>Lists at most this long find a repeated key by comparing with the keys before it; longer ones use a set.</summary>
    private const int LinearDuplicateScan = 64;

    public static SearchResultData Reduce(IReadOnlyList<SearchResultData> parts, int queryCount, int offset, int limit, bool largerIsCloser) =>
        parts.Count == 1 ? ReduceOne(parts[0], queryCount, offset, limit) : Merge(parts, queryCount, offset, limit, largerIsCloser);

    /// <summary>
    /// The reduction of one part (a shard with one segment, a collection with one shard). A merge of one part takes its
    /// hits in the order they come, so this walks them without comparing scores, and copies them in bulk when it keeps all.
    /// </summary>
    internal static SearchResultData ReduceOne(SearchResultData part, int queryCount, int offset, int limit)
    {
        var longs = part.Ids?.IdFieldCase == IDs.IdFieldOneofCase.IntId ? part.Ids.IntId.Data : null;
        var strings = part.Ids?.IdFieldCase == IDs.IdFieldOneofCase.StrId ? part.Ids.StrId.Data : null;
        var result = new SearchResultData
        {
            NumQueries = queryCount,
            TopK = limit,
            Ids = strings is { Count: > 0 } ? new IDs { StrId = new StringArray() } : new IDs { IntId = new LongArray() },
        };
        var kept = Kept(part, queryCount, offset, limit, longs, strings);
        if (kept is null)
        {
            var hits = 0;
            for (var q = 0; q < queryCount; q++)
            {
                var topk = q < part.Topks.Count ? part.Topks[q] : 0;
                result.Topks.Add(topk);
                hits += (int)topk;
            }
            AddFirst(result.Scores, part.Scores, hits);
            if (result.Ids.StrId is { } keptStrings)
            {
                AddFirst(keptStrings.Data, strings!, hits);
            }
            else if (longs is not null)
            {
                AddFirst(result.Ids.IntId.Data, longs, hits);
            }
            for (var c = 0; c < part.FieldsData.Count; c++)
            {
                var column = part.FieldsData[c];
                var builder = new FieldDataBuilder(column, column.ValidData.Count > 0);
                builder.AppendAll(column, hits);
                result.FieldsData.Add(builder.Build());
            }
            return result;
        }
        result.Topks.AddRange(kept.Topks);
        foreach (var row in kept.Rows)
        {
            result.Scores.Add(part.Scores[row]);
            if (result.Ids.StrId is { } keptStrings)
            {
                keptStrings.Data.Add(strings![row]);
            }
            else
            {
                result.Ids.IntId.Data.Add(longs![row]);
            }
        }
        for (var c = 0; c < part.FieldsData.Count; c++)
        {
            var column = part.FieldsData[c];
            var builder = new FieldDataBuilder(column, column.ValidData.Count > 0);
            foreach (var row in kept.Rows)
            {
                builder.Append(column, row);
            }
            result.FieldsData.Add(builder.Build());
        }
        return result;
    }

    /// <summary>
    /// The rows of one part that a reduction keeps, or null when it keeps every one: per query, a key already seen in that
    /// query is dropped, then the first <paramref name="offset"/> hits are skipped and at most <paramref name="limit"/> kept.
    /// </summary>
    private static KeptRows? Kept(SearchResultData part, int queryCount, int offset, int limit, RepeatedField<long>? longs, RepeatedField<string>? strings)
    {
        KeptRows? kept = null;
        HashSet<long>? seenLongs = null;
        HashSet<string>? seenStrings = null;
        // The Int64 keys of the query so far, for lists short enough to scan.
        Span<long> recent = stackalloc long[LinearDuplicateScan];
        var start = 0;
        for (var q = 0; q < queryCount; q++)
        {
            var end = start + (q < part.Topks.Count ? (int)part.Topks[q] : 0);
            var useSet = end - start > LinearDuplicateScan;
            seenLongs?.Clear();
            seenStrings?.Clear();
            var count = 0;
            var skipped = 0;
            var row = start;
            for (; row < end && count < limit; row++)
            {
                bool fresh;
                if (longs is not null)
                {
                    var key = longs[row];
                    if (useSet)
                    {
                        fresh = (seenLongs ??= []).Add(key);
                    }
                    else
                    {
                        fresh = !recent[..(row - start)].Contains(key);
                        recent[row - start] = key;
                    }
                }
                else
                {
                    fresh = strings is null || (useSet ? (seenStrings ??= new HashSet<string>(StringComparer.Ordinal)).Add(strings[row]) : !Repeats(strings, start, row));
                }
                if (fresh && skipped < offset)
                {
                    skipped++;
                    fresh = false;
                }
                if (fresh)
                {
                    kept?.Rows.Add(row);
                    count++;
                }
                else
                {
                    kept ??= KeptRows.AllBefore(part, q, row);
                }
            }
            if (row < end)
            {
                kept ??= KeptRows.AllBefore(part, q, row);
            }
            kept?.Topks.Add(count);
            start = end;
        }
        return kept;
    }

    /// <summary>Whether the key at <paramref name="row"/> already came at a row from <paramref name="start"/> on.</summary>
    private static bool Repeats(RepeatedField<string> keys, int start, int row)
    {
        for (var i = start; i < row; i++)
        {
            if (string.Equals(keys[i], keys[row], StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static void AddFirst<T>(RepeatedField<T> target, RepeatedField<T> source, int count)
    {
        if (source.Count == count)
        {
            target.AddRange(source);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            target.Add(source[i]);
        }
    }

    /// <summary>The rows of a part a reduction keeps, and how many of them each query finished so far has.</summary>
    private sealed class KeptRows
    {
        public List<int> Rows { get; } = [];

        public List<long> Topks { get; } = [];

        /// <summary>Every row before <paramref name="row"/>, a row of <paramref name="query"/>: the queries before it whole, and that query's rows so far.</summary>
        public static KeptRows AllBefore(SearchResultData part, int query, int row)
        {
            var kept = new KeptRows();
            for (var q = 0; q < query; q++)
            {
                kept.Topks.Add(part.Topks[q]);
            }
            for (var r = 0; r < row; r++)
            {
                kept.Rows.Add(r);
            }
            return kept;
        }
    }

    /// <summary>The general reduction: a k-way merge of the parts by score, per query.</summary>
    internal static SearchResultData Merge(IReadOnlyList<SearchResultData> parts, int queryCount, int offset, int limit, bool largerIsCloser)
    {
        var starts = parts.Select(p => QueryStarts(p, queryCount)).ToArray();
        var keys = parts.Select(p => p.Ids is null ? PrimaryKeys.Of(Array.Empty<long>()) : PrimaryKeys.FromIds(p.Ids)).ToArray();
        var template = parts.FirstOrDefault(p => p.FieldsData.Count > 0)?.FieldsData;
        var builders = template?.Select(c => new FieldDataBuilder(c, parts.Any(p => p.FieldsData.Any(f => f.FieldName == c.FieldName && f.ValidData.Count > 0)))).ToArray() ?? [];
        var result = new SearchResultData { NumQueries = queryCount, TopK = limit };
        var chosen = new List<(int Part, int Index)>();
        var cursors = new int[parts.Count];
        var seenLong = new HashSet<long>();
        var seenString = new HashSet<string>(StringComparer.Ordinal);
        for (var q = 0; q < queryCount; q++)
        {
            seenLong.Clear();
            seenString.Clear();
            for (var p = 0; p < parts.Count; p++)
            {
                cursors[p] = starts[p][q];
            }
            var kept = 0;
            var skipped = 0;
            while (kept < limit)
            {
                var best = -1;
                for (var p = 0; p < parts.Count; p++)
                {
                    if (cursors[p] < starts[p][q + 1] && (best < 0 || Better(parts[p].Scores[cursors[p]], parts[best].Scores[cursors[best]], largerIsCloser)))
                    {
                        best = p;
                    }
                }
                if (best < 0)
                {
                    break;
                }
                var index = cursors[best]++;
                var fresh = keys[best].Longs is { } longs ? seenLong.Add(longs[index]) : seenString.Add(keys[best].Strings![index]);
                if (!fresh)
                {
                    continue;
                }
                if (skipped < offset)
                {
                    skipped++;
                    continue;
                }
                chosen.Add((best, index));
                result.Scores.Add(parts[best].Scores[index]);
                kept++;
            }
            result.Topks.Add(kept);
        }
        result.Ids = MergeIds(keys, chosen);
        for (var c = 0; c < builders.Length; c++)
        {
            var name = template![c].FieldName;
            foreach (var (part, index) in chosen)
            {
                builders[c].Append(parts[part].FieldsData.First(f => f.FieldName == name), index);
            }
            result.FieldsData.Add(builders[c].Build());
        }
        return result;
    }

    private static bool Better(float candidate, float current, bool largerIsCloser) => largerIsCloser ? candidate > current : candidate < current;

    /// <summary>Where each query's hits start in a part (prefix sums of topks), plus the end; a part without hits has none.</summary>
    private static int[] QueryStarts(SearchResultData part, int queryCount)
    {
        var starts = new int[queryCount + 1];
        for (var q = 0; q < Math.Min(queryCount, part.Topks.Count); q++)
        {
            starts[q + 1] = starts[q] + (int)part.Topks[q];
        }
        for (var q = part.Topks.Count; q < queryCount; q++)
        {
            starts[q + 1] = starts[q];
        }
        return starts;
    }

    private static IDs MergeIds(PrimaryKeys[] keys, List<(int Part, int Index)> chosen)
    {
        if (keys.Any(k => k.Strings is not null && k.Count > 0))
        {
            return new IDs { StrId = new StringArray { Data = { chosen.Select(c => keys[c.Part].Strings![c.Index]) } } };
        }
        return new IDs { IntId = new LongArray { Data = { chosen.Select(c => keys[c.Part].Longs![c.Index]) } } };
    }
}
