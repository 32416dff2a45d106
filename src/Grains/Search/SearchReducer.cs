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
    public static SearchResultData Reduce(IReadOnlyList<SearchResultData> parts, int queryCount, int offset, int limit, bool largerIsCloser)
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
