namespace OrleansVector.Storage.Segments;

/// <summary>
/// Sparse float vectors: row <c>i</c> holds the (index, value) pairs <c>Offsets[i]..Offsets[i + 1]</c> of
/// <see cref="Indices"/> and <see cref="Values"/>.
/// </summary>
public sealed class SparseFloatVectorColumn : SegmentColumn
{
    public SparseFloatVectorColumn(ReadOnlyMemory<int> offsets, ReadOnlyMemory<uint> indices, ReadOnlyMemory<float> values, ReadOnlyMemory<ulong> validity = default)
        : base(FieldDataType.SparseFloatVector, Math.Max(offsets.Length - 1, 0), validity)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"A sparse column needs one value per index; it has {indices.Length} indices and {values.Length} values.", nameof(values));
        }

        ValidateOffsets(offsets.Span, indices.Length, "non-zero entries");
        Offsets = offsets;
        Indices = indices;
        Values = values;
    }

    public ReadOnlyMemory<int> Offsets { get; }

    public ReadOnlyMemory<uint> Indices { get; }

    public ReadOnlyMemory<float> Values { get; }

    /// <summary>The indices and values of <paramref name="row"/>.</summary>
    public (ReadOnlyMemory<uint> Indices, ReadOnlyMemory<float> Values) Row(int row)
    {
        var offsets = Offsets.Span;
        var range = offsets[row]..offsets[row + 1];
        return (Indices[range], Values[range]);
    }

    internal override void WriteValues(SegmentFileBuilder builder)
    {
        builder.WriteArray(Offsets);
        builder.WriteArray(Indices);
        builder.WriteArray(Values);
    }
}
