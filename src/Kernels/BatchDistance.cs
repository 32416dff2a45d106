namespace OrleansVector.Kernels;

/// <summary>
/// One query or a block of queries against a row-major block of vectors: the FLAT and IVF hot path.
/// Every distance is bit-identical to <c>TDistance.Distance</c> of the same pair.
/// </summary>
public static class BatchDistance
{
    // Rows of the block visited per tile in ManyToMany, so that a tile stays in the L2 cache across queries.
    private const int TileBytes = 256 * 1024;

    /// <summary>Distances from <paramref name="query"/> to each row of <paramref name="block"/> (rows = block.Length / dim).</summary>
    public static void OneToMany<TDistance>(ReadOnlySpan<float> query, ReadOnlySpan<float> block, int dim, Span<float> distances)
        where TDistance : struct, IFloatDistance
    {
        var rows = Guard.Rows(block.Length, dim, nameof(block));
        Guard.SameLength(dim, query.Length, nameof(query));
        Guard.AtLeast(rows, distances.Length, nameof(distances));
        for (var r = 0; r < rows; r++)
        {
            distances[r] = TDistance.Distance(query, block.Slice(r * dim, dim));
        }
    }

    /// <summary>Distances of every query to every row; <paramref name="distances"/> is queries x rows, row-major.</summary>
    public static void ManyToMany<TDistance>(ReadOnlySpan<float> queries, ReadOnlySpan<float> block, int dim, Span<float> distances)
        where TDistance : struct, IFloatDistance
    {
        var rows = Guard.Rows(block.Length, dim, nameof(block));
        var queryCount = Guard.Rows(queries.Length, dim, nameof(queries));
        Guard.AtLeast(checked(queryCount * rows), distances.Length, nameof(distances));
        var tileRows = Math.Max(1, TileBytes / (dim * sizeof(float)));
        for (var start = 0; start < rows; start += tileRows)
        {
            var count = Math.Min(tileRows, rows - start);
            var tile = block.Slice(start * dim, count * dim);
            for (var q = 0; q < queryCount; q++)
            {
                OneToMany<TDistance>(queries.Slice(q * dim, dim), tile, dim, distances.Slice((q * rows) + start, count));
            }
        }
    }

    /// <summary>Binary distances from <paramref name="query"/> to each row of <paramref name="block"/>.</summary>
    public static void OneToMany<TDistance>(ReadOnlySpan<byte> query, ReadOnlySpan<byte> block, int bytesPerVector, Span<float> distances)
        where TDistance : struct, IBinaryDistance
    {
        var rows = Guard.Rows(block.Length, bytesPerVector, nameof(block), nameof(bytesPerVector));
        Guard.SameLength(bytesPerVector, query.Length, nameof(query));
        Guard.AtLeast(rows, distances.Length, nameof(distances));
        for (var r = 0; r < rows; r++)
        {
            distances[r] = TDistance.Distance(query, block.Slice(r * bytesPerVector, bytesPerVector));
        }
    }
}
