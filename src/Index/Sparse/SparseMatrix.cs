namespace OrleansVector.Index.Sparse;

/// <summary>Sparse float vectors that own their compressed-row arrays (see <see cref="SparseRows"/>).</summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int[] offsets, uint[] indices, float[] values)
    {
        Offsets = offsets;
        Indices = indices;
        Values = values;
    }

    public int[] Offsets { get; }

    public uint[] Indices { get; }

    public float[] Values { get; }

    public int Count => Math.Max(Offsets.Length - 1, 0);

    public SparseRows Rows => new(Offsets, Indices, Values);

    public static SparseMatrix CopyOf(SparseRows rows) => new(rows.Offsets.ToArray(), rows.Indices.ToArray(), rows.Values.ToArray());

    public static implicit operator VectorData(SparseMatrix matrix) => VectorData.FromSparse(matrix.Rows);
}
