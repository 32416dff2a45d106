namespace OrleansVector.Query.Columns;

/// <summary>
/// A fixed-width column: bool, sbyte (Int8), short (Int16), int (Int32), long (Int64), float or double.
/// Null rows keep a placeholder value in <see cref="Values"/>.
/// </summary>
public sealed class PrimitiveColumn<T> : Column where T : unmanaged
{
    public PrimitiveColumn(ReadOnlyMemory<T> values, ReadOnlyMemory<ulong> validity = default)
        : base(values.Length, validity)
    {
        Values = values;
    }

    public ReadOnlyMemory<T> Values { get; }
}
