using System.Text.Json.Nodes;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// The columns of query and search results back to REST rows: one JSON object per row (per hit), null where valid_data
/// says so, the keys of the $meta column merged into the row, 64-bit integers as numbers or strings as the caller asked.
/// </summary>
public static class RestRows
{
    public static JsonArray FromQuery(QueryResults results, bool int64AsNumber)
    {
        var count = results.FieldsData.Count == 0 ? 0 : results.FieldsData.Max(RowCount);
        var rows = NewRows(count);
        AddColumns(rows, results.FieldsData, int64AsNumber);
        return rows;
    }

    /// <summary>Every hit of every query in one list, each with its primary key and "distance" (the score).</summary>
    public static JsonArray FromSearch(SearchResults results, bool int64AsNumber)
    {
        var data = results.Results ?? new SearchResultData();
        var ids = data.Ids;
        var count = data.Scores.Count;
        var rows = NewRows(count);
        var primary = string.IsNullOrEmpty(data.PrimaryFieldName) ? "id" : data.PrimaryFieldName;
        for (var i = 0; i < count; i++)
        {
            var row = (JsonObject)rows[i]!;
            row["distance"] = data.Scores[i];
            row[primary] = ids?.IdFieldCase switch
            {
                IDs.IdFieldOneofCase.IntId => Int64(ids.IntId.Data[i], int64AsNumber),
                IDs.IdFieldOneofCase.StrId => ids.StrId.Data[i],
                _ => null,
            };
        }
        AddColumns(rows, data.FieldsData, int64AsNumber);
        return rows;
    }

    private static JsonArray NewRows(int count) => new(Enumerable.Range(0, count).Select(_ => (JsonNode)new JsonObject()).ToArray());

    private static void AddColumns(JsonArray rows, IEnumerable<FieldData> columns, bool int64AsNumber)
    {
        foreach (var column in columns)
        {
            var slots = DataSlots(column, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = (JsonObject)rows[i]!;
                var value = slots[i] < 0 ? null : Value(column, slots[i], int64AsNumber);
                if (column.IsDynamic)
                {
                    if (value is JsonObject extra)
                    {
                        foreach (var (key, item) in extra.ToList())
                        {
                            extra.Remove(key);
                            row[key] = item;
                        }
                    }
                }
                else
                {
                    row[column.FieldName] = value;
                }
            }
        }
    }

    /// <summary>Where row i's value sits in the column's data, -1 for a null; data may be full-length or compacted to the valid rows.</summary>
    private static int[] DataSlots(FieldData column, int rows)
    {
        var slots = new int[rows];
        var compacted = column.ValidData.Count == rows && RowCount(column) < rows;
        var next = 0;
        for (var i = 0; i < rows; i++)
        {
            var valid = column.ValidData.Count != rows || column.ValidData[i];
            slots[i] = !valid ? -1 : compacted ? next++ : i;
        }
        return slots;
    }

    private static int RowCount(FieldData column) => column.FieldCase == FieldData.FieldOneofCase.Vectors
        ? RestVectors.RowCount(column.Vectors)
        : column.Scalars?.ValueCount ?? 0;

    private static JsonNode? Value(FieldData column, int slot, bool int64AsNumber) => column.FieldCase == FieldData.FieldOneofCase.Vectors
        ? RestVectors.Render(column.Vectors, slot)
        : Scalar(column.Scalars, slot, int64AsNumber);

    private static JsonNode? Scalar(ScalarField scalars, int slot, bool int64AsNumber) => scalars.DataCase switch
    {
        ScalarField.DataOneofCase.BoolData => scalars.BoolData.Data[slot],
        ScalarField.DataOneofCase.IntData => scalars.IntData.Data[slot],
        ScalarField.DataOneofCase.LongData => Int64(scalars.LongData.Data[slot], int64AsNumber),
        ScalarField.DataOneofCase.FloatData => scalars.FloatData.Data[slot],
        ScalarField.DataOneofCase.DoubleData => scalars.DoubleData.Data[slot],
        ScalarField.DataOneofCase.StringData => scalars.StringData.Data[slot],
        ScalarField.DataOneofCase.JsonData => RestColumns.ParseJson(scalars.JsonData.Data[slot]),
        ScalarField.DataOneofCase.ArrayData => ArrayValue(scalars.ArrayData.Data[slot], int64AsNumber),
        _ => null,
    };

    private static JsonArray ArrayValue(ScalarField array, bool int64AsNumber) =>
        new(Enumerable.Range(0, array.ValueCount).Select(i => Scalar(array, i, int64AsNumber)).ToArray());

    private static JsonNode Int64(long value, bool asNumber) => asNumber ? value : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
