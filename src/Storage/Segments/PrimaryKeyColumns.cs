namespace OrleansVector.Storage.Segments;

/// <summary>What a primary-key column is: Int64 (long values) or VarChar, with no null rows.</summary>
internal static class PrimaryKeyColumns
{
    public static void Validate(SegmentColumn column, string paramName)
    {
        ArgumentNullException.ThrowIfNull(column, paramName);
        if (column is not (FixedWidthColumn<long> or VariableWidthColumn { Type: FieldDataType.VarChar }))
        {
            throw new ArgumentException($"A primary key is Int64 or VarChar, not {column.Type}.", paramName);
        }
        if (!column.Validity.IsEmpty && Enumerable.Range(0, column.RowCount).Any(row => !column.IsValid(row)))
        {
            throw new ArgumentException("A primary key column has no null rows.", paramName);
        }
    }
}
