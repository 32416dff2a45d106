namespace OrleansVector.Query.Columns;

/// <summary>The rows a filter runs over: one column per field the expression names, all of one length.</summary>
public sealed class ColumnBatch
{
    private readonly Dictionary<string, Column> _columns;

    public ColumnBatch(int rowCount, IReadOnlyDictionary<string, Column> columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var (name, column) in columns)
        {
            if (column.Length != rowCount)
            {
                throw new ArgumentException($"Column '{name}' has {column.Length} rows; the batch has {rowCount}.", nameof(columns));
            }
        }

        RowCount = rowCount;
        _columns = new Dictionary<string, Column>(columns, StringComparer.Ordinal);
    }

    public int RowCount { get; }

    /// <summary>The column of field <paramref name="name"/>; throws naming the field when the batch lacks it.</summary>
    public Column GetColumn(string name) =>
        _columns.TryGetValue(name, out var column)
            ? column
            : throw new ArgumentException($"The batch has no column for field '{name}'.", nameof(name));
}
