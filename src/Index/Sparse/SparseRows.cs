namespace OrleansVector.Index.Sparse;

/// <summary>
/// Sparse float vectors in compressed rows (CSR): row <c>i</c> holds the (index, value) pairs
/// <c>Offsets[i] .. Offsets[i + 1] - 1</c> of <see cref="Indices"/> and <see cref="Values"/>. Milvus's rules: indices
/// strictly increasing within a row and below 2^32-1, values finite; an empty row is allowed.
/// </summary>
public readonly ref struct SparseRows
{
    public SparseRows(ReadOnlySpan<int> offsets, ReadOnlySpan<uint> indices, ReadOnlySpan<float> values)
    {
        Offsets = offsets;
        Indices = indices;
        Values = values;
    }

    /// <summary>Count + 1 entries (or none for no rows), starting at 0 and ending at Indices.Length.</summary>
    public ReadOnlySpan<int> Offsets { get; }

    public ReadOnlySpan<uint> Indices { get; }

    public ReadOnlySpan<float> Values { get; }

    public int Count => Math.Max(Offsets.Length - 1, 0);

    public ReadOnlySpan<uint> IndicesOf(int row) => Indices[Offsets[row]..Offsets[row + 1]];

    public ReadOnlySpan<float> ValuesOf(int row) => Values[Offsets[row]..Offsets[row + 1]];

    /// <summary>The largest number of pairs in one row.</summary>
    public int MaxRowLength()
    {
        var longest = 0;
        for (var row = 0; row < Count; row++)
        {
            longest = Math.Max(longest, Offsets[row + 1] - Offsets[row]);
        }

        return longest;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="name"/>, the row and the problem when the rows break Milvus's rules.</summary>
    public void Validate(string name)
    {
        if (Indices.Length != Values.Length)
        {
            throw new ArgumentException($"Sparse {name} hold {Indices.Length} indices and {Values.Length} values; each index needs one value.", name);
        }

        if (Offsets.Length == 0 ? Indices.Length != 0 : Offsets[0] != 0 || Offsets[^1] != Indices.Length)
        {
            throw new ArgumentException($"Sparse {name}: the row offsets must start at 0 and end at the {Indices.Length} pairs.", name);
        }

        for (var row = 0; row < Count; row++)
        {
            if (Offsets[row + 1] < Offsets[row])
            {
                throw new ArgumentException($"Sparse {name}: the offsets of row {row} decrease.", name);
            }

            var indices = IndicesOf(row);
            var values = ValuesOf(row);
            for (var i = 0; i < indices.Length; i++)
            {
                if (indices[i] == uint.MaxValue)
                {
                    throw new ArgumentException($"Sparse {name}: row {row} uses index 4294967295; indices must be below 2^32-1.", name);
                }

                if (i > 0 && indices[i] <= indices[i - 1])
                {
                    throw new ArgumentException($"Sparse {name}: the indices of row {row} must increase strictly (index {indices[i]} follows {indices[i - 1]}).", name);
                }

                if (!float.IsFinite(values[i]))
                {
                    throw new ArgumentException($"Sparse {name}: row {row} holds a NaN or infinite value at index {indices[i]}.", name);
                }
            }
        }
    }
}
