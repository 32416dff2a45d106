using Google.Protobuf.Collections;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;

namespace OrleansVector.Grains.Segment;

/// <summary>Searches and queries over one segment's rows at a read timestamp, answering in Milvus's result layout.</summary>
internal static class SegmentReads
{
    /// <summary>
    /// The best <see cref="SearchPlan.TopK"/> visible rows per query that pass the filter, best first: ids, scores, topks
    /// and the plan's output columns.
    /// </summary>
    public static SearchResultData Search(SegmentRows rows, SearchPlan plan, ulong timestamp)
    {
        var excluded = rows.SearchExclusions(plan.Filter, timestamp);
        var index = rows.SearchIndex(plan.Field, plan.Metric);
        var queries = plan.Queries;
        var hits = new List<int>(queries.Count * plan.TopK);
        var result = new SearchResultData { NumQueries = queries.Count, TopK = plan.TopK };
        if (plan.Parameters.IsRangeSearch)
        {
            var found = index.RangeSearch(queries.Data, plan.Parameters, plan.TopK, excluded);
            for (var q = 0; q < queries.Count; q++)
            {
                Collect(found.IdsOf(q), found.DistancesOf(q), hits, result);
            }
        }
        else
        {
            var found = index.Search(queries.Data, plan.TopK, plan.Parameters, excluded);
            for (var q = 0; q < queries.Count; q++)
            {
                Collect(found.IdsOf(q), found.DistancesOf(q), hits, result);
            }
        }
        result.Ids = PrimaryKeyIds(rows, hits);
        if (plan.Outputs.Count > 0)
        {
            result.FieldsData.AddRange(Gather(rows, hits, plan.Outputs));
        }
        return result;
    }

    /// <summary>The primary keys of <paramref name="rowIds"/> as result ids, read straight from the key column (Int64 or VarChar).</summary>
    private static IDs PrimaryKeyIds(SegmentRows rows, List<int> rowIds)
    {
        var key = rows.Schema.PrimaryKey;
        if (key.Type == DataType.Int64)
        {
            var longs = new LongArray();
            CopyKeys(rows, key.Name, rowIds, longs.Data, static scalars => scalars.LongData.Data);
            return new IDs { IntId = longs };
        }
        var strings = new StringArray();
        CopyKeys(rows, key.Name, rowIds, strings.Data, static scalars => scalars.StringData.Data);
        return new IDs { StrId = strings };
    }

    /// <summary>Appends the key of each row, looking the column up again only when a row lies in another batch.</summary>
    private static void CopyKeys<T>(SegmentRows rows, string name, List<int> rowIds, RepeatedField<T> keys, Func<ScalarField, RepeatedField<T>> values)
    {
        RowBatch? batch = null;
        RepeatedField<T>? column = null;
        foreach (var row in rowIds)
        {
            if (batch is null || row < batch.Start || row >= batch.Start + batch.Count)
            {
                batch = rows.Locate(row).Batch;
                column = values(batch.Columns[name].Scalars);
            }
            keys.Add(column![row - batch.Start]);
        }
    }

    /// <summary>
    /// The visible rows that pass the filter, in primary-key order, at most <paramref name="limit"/> (-1 = all): the
    /// primary-key column first, then the plan's output columns.
    /// </summary>
    public static List<FieldData> Query(SegmentRows rows, ReadPlan plan, ulong timestamp, long limit)
    {
        var included = SegmentRows.Included(rows.Exclusions(plan.Filter, timestamp)).ToList();
        var keys = PrimaryKeys.FromColumn(Gather(rows, included, [rows.Schema.PrimaryKey])[0]);
        var order = Enumerable.Range(0, included.Count).ToArray();
        if (keys.Longs is { } longs)
        {
            Array.Sort(longs, order);
        }
        else
        {
            Array.Sort(keys.Strings!, order, StringComparer.Ordinal);
        }
        var take = limit < 0 ? order.Length : (int)Math.Min(limit, order.Length);
        return Gather(rows, [.. order.Take(take).Select(i => included[i])], [rows.Schema.PrimaryKey, .. plan.Outputs]);
    }

    /// <summary>How many visible rows pass the filter.</summary>
    public static long Count(SegmentRows rows, ReadPlan plan, ulong timestamp)
    {
        var excluded = rows.Exclusions(plan.Filter, timestamp);
        return excluded.Length - excluded.PopCount();
    }

    /// <summary>The values of <paramref name="fields"/> at <paramref name="rowIds"/>, one column per field.</summary>
    public static List<FieldData> Gather(SegmentRows rows, IReadOnlyList<int> rowIds, IReadOnlyList<FieldSpec> fields)
    {
        var columns = new List<FieldData>(fields.Count);
        foreach (var field in fields)
        {
            var builder = FieldDataBuilder.For(field);
            foreach (var row in rowIds)
            {
                var (batch, offset) = rows.Locate(row);
                builder.Append(batch.Columns[field.Name], offset);
            }
            columns.Add(builder.Build());
        }
        return columns;
    }

    private static void Collect(ReadOnlySpan<long> ids, ReadOnlySpan<float> distances, List<int> hits, SearchResultData result)
    {
        var count = 0;
        for (var i = 0; i < ids.Length && ids[i] >= 0; i++)
        {
            hits.Add((int)ids[i]);
            result.Scores.Add(distances[i]);
            count++;
        }
        result.Topks.Add(count);
    }
}
