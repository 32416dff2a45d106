using OrleansVector.Index.Sparse;

namespace OrleansVector.Index.Tests.Sparse;

/// <summary>Generated sparse vectors and a brute-force inner product independent of the index under test.</summary>
internal static class SparseData
{
    /// <summary>
    /// <paramref name="rows"/> rows over <paramref name="dimensions"/> dimensions, 0..maxLength pairs each (so some rows
    /// are empty), dimensions skewed towards low ids as term frequencies are; values in (0, 1], or in [-1, 1] when
    /// <paramref name="negative"/>.
    /// </summary>
    public static SparseMatrix Random(int seed, int rows, int dimensions, int maxLength, bool negative = false)
    {
        var random = new Random(seed);
        var offsets = new int[rows + 1];
        var indices = new List<uint>();
        var values = new List<float>();
        var row = new SortedSet<uint>();
        for (var r = 0; r < rows; r++)
        {
            row.Clear();
            var length = random.Next(maxLength + 1);
            while (row.Count < Math.Min(length, dimensions))
            {
                var skewed = random.NextDouble() * random.NextDouble();
                row.Add((uint)(skewed * dimensions));
            }

            foreach (var index in row)
            {
                indices.Add(index);
                var magnitude = (float)(1 - random.NextDouble());
                values.Add(negative && random.Next(4) == 0 ? -magnitude : magnitude);
            }

            offsets[r + 1] = indices.Count;
        }

        return new SparseMatrix(offsets, [.. indices], [.. values]);
    }

    /// <summary>The inner product of two sorted sparse rows, in double precision.</summary>
    public static double Dot(ReadOnlySpan<uint> aIndices, ReadOnlySpan<float> aValues, ReadOnlySpan<uint> bIndices, ReadOnlySpan<float> bValues)
    {
        double sum = 0;
        int i = 0, j = 0;
        while (i < aIndices.Length && j < bIndices.Length)
        {
            if (aIndices[i] == bIndices[j])
            {
                sum += (double)aValues[i++] * bValues[j++];
            }
            else if (aIndices[i] < bIndices[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }

    /// <summary>Scores of every base row against query <paramref name="q"/>.</summary>
    public static double[] Scores(SparseMatrix data, SparseMatrix queries, int q)
    {
        var scores = new double[data.Count];
        for (var r = 0; r < data.Count; r++)
        {
            scores[r] = Dot(data.Rows.IndicesOf(r), data.Rows.ValuesOf(r), queries.Rows.IndicesOf(q), queries.Rows.ValuesOf(q));
        }

        return scores;
    }

    /// <summary>Each row without its ⌊ratio·n⌋ smallest-magnitude values (ties at the cut kept), as the drop ratios define it.</summary>
    public static SparseMatrix Dropped(SparseMatrix data, float ratio)
    {
        var offsets = new int[data.Count + 1];
        var indices = new List<uint>();
        var values = new List<float>();
        for (var r = 0; r < data.Count; r++)
        {
            var rowValues = data.Rows.ValuesOf(r).ToArray();
            var sorted = rowValues.Select(Math.Abs).Order().ToArray();
            var dropped = (int)(ratio * sorted.Length);
            var cut = dropped == 0 ? 0f : sorted[dropped];
            var rowIndices = data.Rows.IndicesOf(r);
            for (var i = 0; i < rowValues.Length; i++)
            {
                if (Math.Abs(rowValues[i]) >= cut)
                {
                    indices.Add(rowIndices[i]);
                    values.Add(rowValues[i]);
                }
            }

            offsets[r + 1] = indices.Count;
        }

        return new SparseMatrix(offsets, [.. indices], [.. values]);
    }

    /// <summary>
    /// Asserts that a top-k answer is exact: every row scoring above 0 is a candidate (rows within float rounding of 0
    /// may go either way), each result's score equals its brute-force score and the score at each rank equals the
    /// brute-force ranking's (ties may swap ids); missing entries are id -1 with score -inf.
    /// </summary>
    public static void AssertExactTopK(double[] expected, ReadOnlySpan<long> ids, ReadOnlySpan<float> scores, int k, Func<long, bool>? excluded = null)
    {
        const double rounding = 1e-5;
        var allowed = Enumerable.Range(0, expected.Length).Where(r => excluded is null || !excluded(r)).ToArray();
        var ranking = allowed.Where(r => expected[r] > rounding).Select(r => expected[r]).OrderDescending().Take(k).ToArray();
        var most = Math.Min(k, allowed.Count(r => expected[r] > -rounding));
        var found = 0;
        while (found < ids.Length && ids[found] >= 0)
        {
            found++;
        }

        Assert.InRange(found, ranking.Length, most);
        for (var i = 0; i < found; i++)
        {
            Assert.True(excluded is null || !excluded(ids[i]), $"excluded id {ids[i]} returned");
            Assert.True(scores[i] > 0, $"score {scores[i]} of id {ids[i]} is not above 0");
            Assert.Equal(expected[ids[i]], scores[i], 1e-4);
            if (i < ranking.Length)
            {
                Assert.Equal(ranking[i], scores[i], 1e-4);
            }
        }

        for (var i = found; i < ids.Length; i++)
        {
            Assert.Equal(-1, ids[i]);
            Assert.Equal(float.NegativeInfinity, scores[i]);
        }
    }

    public static IReadOnlyDictionary<string, string> Parameters(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
