using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        where TDistance : struct, IFloatDistance =>
        OneToMany<TDistance>(query, block, dim, distances, next: default);

    /// <summary>
    /// <see cref="OneToMany{TDistance}(ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/> that also
    /// prefetches <paramref name="next"/>, the block the caller scans after this one (an IVF list): with row r of this
    /// block it prefetches the start of row r of the next, so the next block's rows are on their way when it starts.
    /// </summary>
    public static void OneToMany<TDistance>(ReadOnlySpan<float> query, ReadOnlySpan<float> block, int dim, Span<float> distances, ReadOnlySpan<float> next)
        where TDistance : struct, IFloatDistance
    {
        var rows = Guard.Rows(block.Length, dim, nameof(block));
        Guard.SameLength(dim, query.Length, nameof(query));
        Guard.AtLeast(rows, distances.Length, nameof(distances));
        var rowBytes = dim * sizeof(float);
        var r = 0;
        if (RowBlockKernel.Applies(dim))
        {
            ref var q = ref MemoryMarshal.GetReference(query);
            for (; r + RowBlockKernel.Rows <= rows; r += RowBlockKernel.Rows)
            {
                for (var j = 0; j < RowBlockKernel.Rows; j++)
                {
                    CachePrefetch.Line(next, (r + j) * rowBytes);
                }

                ref var sums = ref distances[r];
                if (TDistance.Metric == MetricType.L2)
                {
                    RowBlockKernel.Sums<SquaredDifference>(ref q, ref Row(block, r, dim), (nuint)dim, ref sums);
                }
                else
                {
                    // IP and COSINE (on normalized vectors): the distance is the negated dot product.
                    RowBlockKernel.Sums<Product>(ref q, ref Row(block, r, dim), (nuint)dim, ref sums);
                    for (var j = 0; j < RowBlockKernel.Rows; j++)
                    {
                        Unsafe.Add(ref sums, j) = -Unsafe.Add(ref sums, j);
                    }
                }
            }
        }

        for (; r < rows; r++)
        {
            CachePrefetch.Line(next, r * rowBytes);
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
            var q = 0;
            if (DistanceTile.Applies(dim))
            {
                var tiled = count / DistanceTile.RowsPerTile * DistanceTile.RowsPerTile;
                for (; q + 4 <= queryCount; q += 4)
                {
                    QueryBlock<TDistance, FourQueries>(queries, q, tile, tiled, dim, distances, (q * rows) + start, rows);
                }

                for (; q + 2 <= queryCount; q += 2)
                {
                    QueryBlock<TDistance, TwoQueries>(queries, q, tile, tiled, dim, distances, (q * rows) + start, rows);
                }

                for (; q < queryCount; q++)
                {
                    QueryBlock<TDistance, OneQuery>(queries, q, tile, tiled, dim, distances, (q * rows) + start, rows);
                }

                // Rows past the last whole tile, pair by pair.
                for (var left = 0; left < queryCount; left++)
                {
                    var query = queries.Slice(left * dim, dim);
                    for (var r = tiled; r < count; r++)
                    {
                        distances[(left * rows) + start + r] = TDistance.Distance(query, tile.Slice(r * dim, dim));
                    }
                }

                continue;
            }

            for (; q < queryCount; q++)
            {
                OneToMany<TDistance>(queries.Slice(q * dim, dim), tile, dim, distances.Slice((q * rows) + start, count));
            }
        }
    }

    /// <summary>TQ.Count queries from <paramref name="first"/> against the first <paramref name="tiledRows"/> rows of a tile.</summary>
    private static void QueryBlock<TDistance, TQ>(ReadOnlySpan<float> queries, int first, ReadOnlySpan<float> tile, int tiledRows, int dim,
        Span<float> distances, int at, int distanceStride)
        where TDistance : struct, IFloatDistance
        where TQ : struct, ITileQueries
    {
        ref var q = ref Row(queries, first, dim);
        for (var r = 0; r < tiledRows; r += DistanceTile.RowsPerTile)
        {
            DistanceTile.Compute<TDistance, TQ>(ref q, ref Row(tile, r, dim), (nuint)dim, ref distances[at + r], (nuint)distanceStride);
        }
    }

    private static ref float Row(ReadOnlySpan<float> rows, int row, int dim) =>
        ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), (nint)row * dim);

    /// <summary>Binary distances from <paramref name="query"/> to each row of <paramref name="block"/>.</summary>
    public static void OneToMany<TDistance>(ReadOnlySpan<byte> query, ReadOnlySpan<byte> block, int bytesPerVector, Span<float> distances)
        where TDistance : struct, IBinaryDistance =>
        OneToMany<TDistance>(query, block, bytesPerVector, distances, next: default);

    /// <summary>Binary distances that also prefetch <paramref name="next"/>, row by row, like the float overload.</summary>
    public static void OneToMany<TDistance>(ReadOnlySpan<byte> query, ReadOnlySpan<byte> block, int bytesPerVector, Span<float> distances, ReadOnlySpan<byte> next)
        where TDistance : struct, IBinaryDistance
    {
        var rows = Guard.Rows(block.Length, bytesPerVector, nameof(block), nameof(bytesPerVector));
        Guard.SameLength(bytesPerVector, query.Length, nameof(query));
        Guard.AtLeast(rows, distances.Length, nameof(distances));
        for (var r = 0; r < rows; r++)
        {
            CachePrefetch.Line(next, r * bytesPerVector);
            distances[r] = TDistance.Distance(query, block.Slice(r * bytesPerVector, bytesPerVector));
        }
    }
}
