namespace OrleansVector.Index.Datasets;

/// <summary>
/// <see cref="Count"/> vectors of <see cref="Dim"/> elements stored contiguously, row-major, in one array:
/// row i is <c>Data[i * Dim .. (i + 1) * Dim]</c>. The layout every index build and batch kernel takes.
/// </summary>
public sealed class VectorArray<T> where T : unmanaged
{
    public VectorArray(T[] data, int count, int dim)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if ((long)count * dim != data.Length)
        {
            throw new ArgumentException($"data has {data.Length} elements, expected count x dim = {count} x {dim} = {(long)count * dim}", nameof(data));
        }
        Data = data;
        Count = count;
        Dim = dim;
    }

    /// <summary>All rows, row-major.</summary>
    public T[] Data { get; }

    /// <summary>Number of vectors (rows).</summary>
    public int Count { get; }

    /// <summary>Elements per vector.</summary>
    public int Dim { get; }

    /// <summary>Row <paramref name="index"/>, without copying.</summary>
    public ReadOnlySpan<T> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Data.AsSpan(index * Dim, Dim);
    }

    /// <summary>Rows <paramref name="start"/> .. start + count - 1 as one contiguous span, without copying.</summary>
    public ReadOnlySpan<T> Rows(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)count, Count, nameof(count));
        return Data.AsSpan(start * Dim, count * Dim);
    }

    /// <summary>A copy of the first <paramref name="count"/> rows (all of them when count exceeds <see cref="Count"/>).</summary>
    public VectorArray<T> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var n = Math.Min(count, Count);
        return new VectorArray<T>(Rows(0, n).ToArray(), n, Dim);
    }
}
