namespace OrleansVector.Query.Columns;

/// <summary>
/// An Array field: the elements of every row stored in one <see cref="Elements"/> column (a primitive column, or a
/// <see cref="BinaryColumn"/> for VarChar elements); row <c>i</c> holds elements <c>Offsets[i]..Offsets[i + 1]</c>.
/// </summary>
public sealed class ArrayColumn : Column
{
    public ArrayColumn(ReadOnlyMemory<int> offsets, Column elements, ReadOnlyMemory<ulong> validity = default)
        : base(Math.Max(offsets.Length - 1, 0), validity)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ValidateOffsets(offsets.Span, elements.Length, "elements");
        Offsets = offsets;
        Elements = elements;
    }

    public ReadOnlyMemory<int> Offsets { get; }

    public Column Elements { get; }

    /// <summary>The first element of <paramref name="row"/> and how many it holds.</summary>
    public (int Start, int Count) Range(int row)
    {
        var offsets = Offsets.Span;
        return (offsets[row], offsets[row + 1] - offsets[row]);
    }
}
