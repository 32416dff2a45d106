using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;

namespace OrleansVector.Grains.Search;

/// <summary>
/// Merges query results of segments or shards, each in primary-key order with the primary-key column first, into one
/// result in primary-key order: a key at most once, <c>offset</c> rows skipped, at most <c>limit</c> kept (-1 = all).
/// </summary>
internal static class QueryReducer
{
    public static List<FieldData> Reduce(IReadOnlyList<IReadOnlyList<FieldData>> parts, IReadOnlyList<FieldSpec> columns, long offset, long limit)
    {
        var keys = parts.Select(p => PrimaryKeys.FromColumn(p[0])).ToArray();
        var builders = columns.Select(FieldDataBuilder.For).ToArray();
        var cursors = new int[parts.Count];
        long skipped = 0, kept = 0;
        object? last = null;
        while (limit < 0 || kept < limit)
        {
            var best = -1;
            for (var p = 0; p < parts.Count; p++)
            {
                if (cursors[p] < keys[p].Count && (best < 0 || Compare(keys[p], cursors[p], keys[best], cursors[best]) < 0))
                {
                    best = p;
                }
            }
            if (best < 0)
            {
                break;
            }
            var row = cursors[best]++;
            var key = keys[best].Longs is { } longs ? (object)longs[row] : keys[best].Strings![row];
            if (Equals(key, last))
            {
                continue;
            }
            last = key;
            if (skipped < offset)
            {
                skipped++;
                continue;
            }
            for (var c = 0; c < builders.Length; c++)
            {
                builders[c].Append(parts[best][c], row);
            }
            kept++;
        }
        return [.. builders.Select(b => b.Build())];
    }

    private static int Compare(PrimaryKeys a, int i, PrimaryKeys b, int j) => a.Longs is { } longs
        ? longs[i].CompareTo(b.Longs![j])
        : string.CompareOrdinal(a.Strings![i], b.Strings![j]);
}
