using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Rows;

/// <summary>
/// Rows that passed validation, normalized: one full-length column per stored field (schema order, <c>$meta</c> last),
/// nullable columns with valid_data, defaults filled in. The primary-key column is absent until auto-IDs are assigned.
/// </summary>
internal sealed class ValidatedRows(int rowCount, List<FieldData> columns, PrimaryKeys? primaryKeys)
{
    public int RowCount { get; } = rowCount;

    public List<FieldData> Columns { get; } = columns;

    public PrimaryKeys? PrimaryKeys { get; private set; } = primaryKeys;

    public FieldData Column(string name) => Columns.First(c => c.FieldName == name);

    /// <summary>Adds the generated primary-key column (auto-ID) in front of the others.</summary>
    public void AssignPrimaryKeys(FieldSpec field, long firstId)
    {
        var keys = new long[RowCount];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = firstId + i;
        }
        var column = field.Template.Clone();
        column.Scalars = new ScalarField { LongData = new LongArray { Data = { keys } } };
        Columns.Insert(0, column);
        PrimaryKeys = PrimaryKeys.Of(keys);
    }
}
