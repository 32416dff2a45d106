namespace OrleansVector.Storage.Segments;

/// <summary>
/// An Array field: the elements of every row in one <see cref="Elements"/> column (fixed-width scalars, or VarChar
/// text); row <c>i</c> holds elements <c>Offsets[i]..Offsets[i + 1]</c>.
/// </summary>
public sealed class ArrayColumn : SegmentColumn
{
    public ArrayColumn(ReadOnlyMemory<int> offsets, SegmentColumn elements, ReadOnlyMemory<ulong> validity = default)
        : base(FieldDataType.Array, Math.Max(offsets.Length - 1, 0), validity)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (!ScalarTypes.IsFixedWidth(elements.Type) && elements.Type != FieldDataType.VarChar)
        {
            throw new ArgumentException($"Array elements are fixed-width scalars or VarChar, not {elements.Type}.", nameof(elements));
        }

        ValidateOffsets(offsets.Span, elements.RowCount, "elements");
        Offsets = offsets;
        Elements = elements;
    }

    public ReadOnlyMemory<int> Offsets { get; }

    public SegmentColumn Elements { get; }

    public FieldDataType ElementType => Elements.Type;

    /// <summary>The first element of <paramref name="row"/> and how many it holds.</summary>
    public (int Start, int Count) Range(int row)
    {
        var offsets = Offsets.Span;
        return (offsets[row], offsets[row + 1] - offsets[row]);
    }

    internal override void WriteValues(SegmentFileBuilder builder)
    {
        builder.WriteArray(Offsets);
        ColumnCodec.Write(builder, Elements);
    }
}
