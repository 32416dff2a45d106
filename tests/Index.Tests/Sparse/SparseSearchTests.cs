using FsCheck;
using FsCheck.Fluent;
using OrleansVector.Index.Sparse;

namespace OrleansVector.Index.Tests.Sparse;

public sealed class SparseSearchTests
{
    private static readonly SparseMatrix Data = SparseData.Random(seed: 1, rows: 3000, dimensions: 2000, maxLength: 40);
    private static readonly SparseMatrix Queries = SparseData.Random(seed: 2, rows: 20, dimensions: 2000, maxLength: 30);

    public static TheoryData<string, string> TypesAndAlgorithms() => new()
    {
        { "SPARSE_INVERTED_INDEX", "DAAT_MAXSCORE" },
        { "SPARSE_INVERTED_INDEX", "DAAT_WAND" },
        { "SPARSE_INVERTED_INDEX", "TAAT_NAIVE" },
        { "SPARSE_WAND", "DAAT_WAND" },
    };

    [Theory]
    [MemberData(nameof(TypesAndAlgorithms))]
    public void TopKIsTheBruteForceTopK(string indexType, string algorithm)
    {
        var index = Build(indexType, SparseData.Parameters(("inverted_index_algo", algorithm)));

        var result = index.Search(Queries, 10, new SearchParameters { MaxDegreeOfParallelism = -1 });

        Assert.Equal((indexType, Kernels.MetricType.IP, 3000), (index.IndexType, index.Metric, index.Count));
        for (var q = 0; q < Queries.Count; q++)
        {
            SparseData.AssertExactTopK(SparseData.Scores(Data, Queries, q), result.IdsOf(q), result.DistancesOf(q), 10);
        }
    }

    [Theory]
    [InlineData("DAAT_MAXSCORE")]
    [InlineData("TAAT_NAIVE")]
    public void NegativeValuesEmptyRowsAndTinySetsMatchBruteForce(string algorithm) =>
        Prop.ForAll(Gen.Zip(Gen.Choose(0, 1_000_000), Gen.Zip(Gen.Choose(0, 60), Gen.Choose(1, 30))).ToArbitrary(), c =>
        {
            var (seed, (rows, k)) = c;
            var data = SparseData.Random(seed, rows, dimensions: 12, maxLength: 6, negative: true);
            var queries = SparseData.Random(seed + 1, 3, dimensions: 12, maxLength: 6, negative: true);
            var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0, SparseData.Parameters(("inverted_index_algo", algorithm)));
            index.Build(data);
            var result = index.Search(queries, k);
            for (var q = 0; q < queries.Count; q++)
            {
                SparseData.AssertExactTopK(SparseData.Scores(data, queries, q), result.IdsOf(q), result.DistancesOf(q), k);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    public void SearchesAcrossManyWindowsOfRowsStayExact(int k)
    {
        // MaxScore scores 4096 rows at a time: 20,000 rows span five windows, with stretches a query does not touch.
        var data = SparseData.Random(seed: 7, rows: 20_000, dimensions: 3000, maxLength: 8);
        var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        index.Build(data);
        var excluded = new Bitset(data.Count);
        for (var r = 0; r < data.Count; r += 5)
        {
            excluded[r] = true;
        }

        var all = index.Search(Queries, k);
        var filtered = index.Search(Queries, k, excluded: excluded);

        for (var q = 0; q < Queries.Count; q++)
        {
            var expected = SparseData.Scores(data, Queries, q);
            SparseData.AssertExactTopK(expected, all.IdsOf(q), all.DistancesOf(q), k);
            SparseData.AssertExactTopK(expected, filtered.IdsOf(q), filtered.DistancesOf(q), k, id => excluded[id]);
        }
    }

    [Theory]
    [InlineData("DAAT_MAXSCORE")]
    [InlineData("TAAT_NAIVE")]
    public void ExcludedRowsAreNeverReturnedAndTheRestStayExact(string algorithm)
    {
        var index = Build("SPARSE_INVERTED_INDEX", SparseData.Parameters(("inverted_index_algo", algorithm)));
        var excluded = new Bitset(Data.Count);
        for (var r = 0; r < Data.Count; r += 3)
        {
            excluded[r] = true;
        }

        var result = index.Search(Queries, 20, excluded: excluded);

        for (var q = 0; q < Queries.Count; q++)
        {
            SparseData.AssertExactTopK(SparseData.Scores(Data, Queries, q), result.IdsOf(q), result.DistancesOf(q), 20, id => excluded[id]);
        }
    }

    [Fact]
    public void RowsPastTheFilterAreExcluded()
    {
        var index = Build("SPARSE_INVERTED_INDEX");
        var shorter = new Bitset(1000);

        var result = index.Search(Queries, 50, excluded: shorter);

        for (var q = 0; q < Queries.Count; q++)
        {
            SparseData.AssertExactTopK(SparseData.Scores(Data, Queries, q), result.IdsOf(q), result.DistancesOf(q), 50, id => id >= 1000);
        }
    }

    [Fact]
    public void AddedBatchesAreSearchableAtOnceWithTheirIds()
    {
        var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        for (var start = 0; start < Data.Count; start += 700)
        {
            var end = Math.Min(Data.Count, start + 700);
            var batch = Slice(Data, start, end);
            var ids = Enumerable.Range(start, end - start).Select(i => (long)i).ToArray();
            index.Add(batch, ids);

            var result = index.Search(Queries, 10);
            var sofar = Slice(Data, 0, end);
            for (var q = 0; q < Queries.Count; q++)
            {
                SparseData.AssertExactTopK(SparseData.Scores(sofar, Queries, q), result.IdsOf(q), result.DistancesOf(q), 10);
            }
        }
    }

    [Fact]
    public async Task SearchesWhileRowsAreAddedSeeOnlyWholeRows()
    {
        var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        var query = Slice(Queries, 0, 1);
        var expected = SparseData.Scores(Data, query, 0);
        using var done = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var start = 0; start < Data.Count; start += 50)
            {
                index.Add(Slice(Data, start, Math.Min(Data.Count, start + 50)));
            }

            done.Cancel();
        });
        var searches = 0;
        while (!done.IsCancellationRequested || searches == 0)
        {
            var result = index.Search(query, 30);
            for (var i = 0; i < result.CountOf(0); i++)
            {
                Assert.Equal(expected[result.Ids[i]], result.Distances[i], 1e-4);
            }

            searches++;
        }

        await writer;
        Assert.Equal(Data.Count, index.Count);
    }

    [Fact]
    public void DropRatioSearchIgnoresTheSmallestQueryValues()
    {
        var index = Build("SPARSE_INVERTED_INDEX");
        var trimmed = SparseData.Dropped(Queries, 0.5f);

        var result = index.Search(Queries, 10, new SearchParameters { DropRatioSearch = 0.5f });

        for (var q = 0; q < Queries.Count; q++)
        {
            SparseData.AssertExactTopK(SparseData.Scores(Data, trimmed, q), result.IdsOf(q), result.DistancesOf(q), 10);
        }

        Assert.NotEqual(result.Distances, index.Search(Queries, 10).Distances);
    }

    [Fact]
    public void DropRatioBuildIndexesOnlyTheLargestValuesOfEachRow()
    {
        var index = Build("SPARSE_INVERTED_INDEX", SparseData.Parameters(("drop_ratio_build", "0.3")));
        var trimmed = SparseData.Dropped(Data, 0.3f);

        var result = index.Search(Queries, 10);

        Assert.True(index.MemoryBytes < Build("SPARSE_INVERTED_INDEX").MemoryBytes);
        for (var q = 0; q < Queries.Count; q++)
        {
            SparseData.AssertExactTopK(SparseData.Scores(trimmed, Queries, q), result.IdsOf(q), result.DistancesOf(q), 10);
        }
    }

    [Fact]
    public void EmptyQueriesAndEmptyRowsFindNothing()
    {
        var index = VectorIndexFactory.Create("SPARSE_INVERTED_INDEX", "IP", 0);
        index.Build(new SparseMatrix([0, 0, 2], [1, 5], [0.5f, 0.25f]));

        var empty = index.Search(new SparseMatrix([0, 0], [], []), 5);
        var some = index.Search(new SparseMatrix([0, 1], [5], [2f]), 5);

        Assert.Equal(0, empty.CountOf(0));
        Assert.Equal([1L, -1, -1, -1, -1], some.IdsOf(0).ToArray());
        Assert.Equal(0.5f, some.Distances[0]);
    }

    [Theory]
    [InlineData(0.5f, null)]
    [InlineData(0.5f, 1.2f)]
    [InlineData(-0.1f, 0.8f)]
    public void RangeSearchKeepsScoresAboveRadiusAndUpToRangeFilter(float radius, float? rangeFilter)
    {
        var index = Build("SPARSE_INVERTED_INDEX");
        var parameters = new SearchParameters { Radius = radius, RangeFilter = rangeFilter };

        var result = index.RangeSearch(Queries, parameters);
        var limited = index.RangeSearch(Queries, parameters, limit: 3);

        for (var q = 0; q < Queries.Count; q++)
        {
            var expected = SparseData.Scores(Data, Queries, q);
            var inside = Enumerable.Range(0, Data.Count)
                .Where(r => Math.Abs(expected[r]) > 1e-5 && expected[r] > radius + 1e-5 && (rangeFilter is not { } f || expected[r] <= f - 1e-5))
                .ToHashSet();
            var ids = result.IdsOf(q).ToArray();
            var scores = result.DistancesOf(q).ToArray();
            Assert.Superset(inside, ids.Select(id => (int)id).ToHashSet());
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.Equal(expected[ids[i]], scores[i], 1e-4);
                Assert.True(scores[i] > radius && (rangeFilter is not { } f || scores[i] <= f));
                Assert.True(i == 0 || scores[i - 1] >= scores[i]);
            }

            Assert.Equal(ids.Take(3), limited.IdsOf(q).ToArray());
        }

        Assert.True(result.Ids.Length > 0);
    }

    private static IVectorIndex Build(string indexType, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var index = VectorIndexFactory.Create(indexType, "IP", 0, parameters);
        index.Build(Data);
        return index;
    }

    private static SparseMatrix Slice(SparseMatrix matrix, int start, int end)
    {
        var from = matrix.Offsets[start];
        var offsets = matrix.Offsets[start..(end + 1)].Select(o => o - from).ToArray();
        return new SparseMatrix(offsets, matrix.Indices[from..matrix.Offsets[end]], matrix.Values[from..matrix.Offsets[end]]);
    }
}
