using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;

namespace OrleansVector.Grains.Search;

/// <summary>
/// Grouping search (group_by_field, group_size), as Milvus returns it: per query, the best <c>limit</c> groups after
/// <c>offset</c> groups, each with up to <c>group_size</c> hits best first, groups in the order of their best hit;
/// group_by_field_value holds each hit's group value. Works on hits already merged best first.
/// </summary>
internal static class GroupingReducer
{
    public static SearchResultData Group(SearchResultData hits, FieldSpec groupField, int offset, int limit, int groupSize)
    {
        var values = hits.FieldsData.First(f => f.FieldName == groupField.Name);
        var keys = PrimaryKeys.FromIds(hits.Ids ?? new IDs());
        var builders = hits.FieldsData.Select(c => new FieldDataBuilder(c, c.ValidData.Count > 0)).ToArray();
        var groupValues = new FieldDataBuilder(values, values.ValidData.Count > 0);
        var chosen = new List<int>();
        var result = new SearchResultData { NumQueries = hits.NumQueries, TopK = limit };
        var start = 0;
        foreach (var topk in hits.Topks)
        {
            var groups = new List<(string Value, List<int> Hits)>();
            for (var i = start; i < start + topk; i++)
            {
                var value = GroupKey(values, i);
                var group = groups.FindIndex(g => g.Value == value);
                if (group < 0)
                {
                    groups.Add((value, [i]));
                }
                else if (groups[group].Hits.Count < groupSize)
                {
                    groups[group].Hits.Add(i);
                }
            }
            var kept = groups.Skip(offset).Take(limit).SelectMany(g => g.Hits).ToList();
            chosen.AddRange(kept);
            result.Topks.Add(kept.Count);
            start += (int)topk;
        }
        foreach (var i in chosen)
        {
            result.Scores.Add(hits.Scores[i]);
            groupValues.Append(values, i);
            for (var c = 0; c < builders.Length; c++)
            {
                builders[c].Append(hits.FieldsData[c], i);
            }
        }
        result.Ids = keys.ToIds(chosen);
        result.FieldsData.AddRange(builders.Select(b => b.Build()));
        result.GroupByFieldValue = groupValues.Build();
        return result;
    }

    private static string GroupKey(FieldData column, int row)
    {
        if (column.ValidData.Count > 0 && !column.ValidData[row])
        {
            return "\0null";
        }
        var scalars = column.Scalars;
        return scalars.DataCase switch
        {
            ScalarField.DataOneofCase.BoolData => scalars.BoolData.Data[row] ? "true" : "false",
            ScalarField.DataOneofCase.IntData => scalars.IntData.Data[row].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ScalarField.DataOneofCase.LongData => scalars.LongData.Data[row].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ScalarField.DataOneofCase.StringData => scalars.StringData.Data[row],
            _ => throw new Interfaces.Milvus.MilvusException(Interfaces.Milvus.MilvusErrorCode.ParameterInvalid,
                $"Group-by field '{column.FieldName}' must be Bool, an integer or VarChar, not {column.Type}."),
        };
    }
}
