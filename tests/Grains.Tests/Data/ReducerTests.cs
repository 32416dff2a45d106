using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;
using static OrleansVector.Grains.Tests.Data.TestCollections;

namespace OrleansVector.Grains.Tests.Data;

public sealed class ReducerTests
{
    private static SearchResultData Part(long[] ids, float[] scores, int[] topks) => new()
    {
        Ids = new IDs { IntId = new LongArray { Data = { ids } } },
        Scores = { scores },
        Topks = { topks.Select(t => (long)t) },
        FieldsData = { Columns.Int64("n", [.. ids.Select(i => i * 10)]) },
    };

    [Fact]
    public void Smaller_distances_win_for_l2_with_offset_and_limit_per_query()
    {
        var a = Part([1, 2, 7], [0.1f, 0.5f, 0.2f], [2, 1]);
        var b = Part([3, 4, 8], [0.3f, 0.4f, 0.1f], [2, 1]);

        var merged = SearchReducer.Reduce([a, b], queryCount: 2, offset: 1, limit: 2, largerIsCloser: false);

        Assert.Equal([2L, 1L], merged.Topks);
        Assert.Equal([3L, 4L, 7L], merged.Ids.IntId.Data);
        Assert.Equal([0.3f, 0.4f, 0.2f], merged.Scores);
        Assert.Equal([30L, 40L, 70L], merged.FieldsData[0].Scalars.LongData.Data);
    }

    [Fact]
    public void Larger_scores_win_for_similarity_metrics_and_a_key_appears_once()
    {
        var a = Part([1, 2], [0.9f, 0.5f], [2]);
        var b = Part([1, 3], [0.8f, 0.7f], [2]);

        var merged = SearchReducer.Reduce([a, b], queryCount: 1, offset: 0, limit: 10, largerIsCloser: true);

        Assert.Equal([1L, 3L, 2L], merged.Ids.IntId.Data);
        Assert.Equal([0.9f, 0.7f, 0.5f], merged.Scores);
    }

    [Fact]
    public void Query_results_merge_in_key_order_with_offset_and_limit()
    {
        var schema = new SchemaView(Info("q", dynamic: false, PrimaryKey(), Vector("vec", 2), Scalar("n", DataType.Int64)));
        schema.TryGetField("n", out var n);
        IReadOnlyList<FieldData> a = [Columns.Int64("id", 1, 4, 6), Columns.Int64("n", 10, 40, 60)];
        IReadOnlyList<FieldData> b = [Columns.Int64("id", 2, 4, 5), Columns.Int64("n", 20, 40, 50)];

        var merged = QueryReducer.Reduce([a, b], [schema.PrimaryKey, n], offset: 1, limit: 3);

        Assert.Equal([2L, 4L, 5L], merged[0].Scalars.LongData.Data);
        Assert.Equal([20L, 40L, 50L], merged[1].Scalars.LongData.Data);
    }
}
