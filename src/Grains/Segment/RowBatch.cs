using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Query.Columns;

namespace OrleansVector.Grains.Segment;

/// <summary>
/// One immutable block of a segment's rows in wire layout (one full-length column per stored field), with the filter
/// columns made from it on first use.
/// </summary>
internal sealed class RowBatch(int start, int count, IReadOnlyDictionary<string, FieldData> columns)
{
    private readonly Dictionary<string, Column> _filterColumns = new(StringComparer.Ordinal);

    /// <summary>The segment row offset of the batch's first row.</summary>
    public int Start { get; } = start;

    public int Count { get; } = count;

    public IReadOnlyDictionary<string, FieldData> Columns { get; } = columns;

    /// <summary>The columns a filter reads, as a batch the evaluator takes.</summary>
    public ColumnBatch FilterBatch(IReadOnlyList<string> fields)
    {
        var selected = new Dictionary<string, Column>(fields.Count, StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!_filterColumns.TryGetValue(field, out var column))
            {
                column = FilterColumns.From(Columns[field], Count);
                _filterColumns[field] = column;
            }
            selected[field] = column;
        }
        return new ColumnBatch(Count, selected);
    }
}
