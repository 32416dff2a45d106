using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Search;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>The reduction of a single part (one segment, one shard) against the general merge it stands in for.</summary>
public sealed class SingleReductionTests
{
    [Fact]
    public void A_single_part_drops_repeated_keys_then_skips_the_offset_then_keeps_the_limit_per_query()
    {
        var part = new SearchResultData
        {
            Ids = new IDs { IntId = new LongArray { Data = { 5, 5, 6, 7, 8, 9, 9, 1 } } },
            Scores = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f },
            Topks = { 5, 3 },
            FieldsData = { Columns.Int64("n", 50, 51, 60, 70, 80, 90, 91, 10) },
        };

        var reduced = SearchReducer.ReduceOne(part, queryCount: 2, offset: 1, limit: 2);

        Assert.Equal([2L, 1L], reduced.Topks);
        Assert.Equal([6L, 7L, 1L], reduced.Ids.IntId.Data);
        Assert.Equal([0.3f, 0.4f, 0.8f], reduced.Scores);
        Assert.Equal([60L, 70L, 10L], reduced.FieldsData[0].Scalars.LongData.Data);
        Assert.Equal(2L, reduced.TopK);
        Assert.Equal(2L, reduced.NumQueries);
    }

    [Fact]
    public void A_single_part_kept_whole_is_copied_with_the_limit_as_top_k()
    {
        var part = new SearchResultData
        {
            Ids = new IDs { StrId = new StringArray { Data = { "a", "b", "c" } } },
            Scores = { 0.9f, 0.8f, 0.7f },
            Topks = { 2, 1 },
            TopK = 5,
        };

        var reduced = SearchReducer.ReduceOne(part, queryCount: 3, offset: 0, limit: 4);

        Assert.Equal([2L, 1L, 0L], reduced.Topks);
        Assert.Equal(["a", "b", "c"], reduced.Ids.StrId.Data);
        Assert.Equal([0.9f, 0.8f, 0.7f], reduced.Scores);
        Assert.Equal(4L, reduced.TopK);
        Assert.Empty(reduced.FieldsData);
    }

    [Fact]
    public void Reducing_one_part_gives_what_the_general_merge_gives()
    {
        var random = new Random(7);
        for (var round = 0; round < 600; round++)
        {
            var queryCount = random.Next(1, 5);
            var part = RandomPart(random, queryCount, strings: round % 3 == 0, maxPerQuery: round % 4 == 0 ? 150 : 12);
            var offset = random.Next(0, 4) == 0 ? 0 : random.Next(0, 8);
            var limit = random.Next(1, 20);

            var merged = SearchReducer.Merge([part], queryCount, offset, limit, largerIsCloser: round % 2 == 0);
            var reduced = SearchReducer.Reduce([part], queryCount, offset, limit, largerIsCloser: round % 2 == 0);

            Assert.True(merged.Equals(reduced), $"round {round}: offset {offset}, limit {limit}\npart    {part}\nmerge   {merged}\nreduced {reduced}");
        }
    }

    /// <summary>
    /// Hits per query best first with keys from a small range, so that a query's list repeats keys (a segment may hold
    /// two visible rows with one key), a nullable and a plain column, and sometimes fewer topks than queries.
    /// </summary>
    private static SearchResultData RandomPart(Random random, int queryCount, bool strings, int maxPerQuery)
    {
        var part = new SearchResultData { NumQueries = queryCount, TopK = maxPerQuery };
        var keys = new List<long>();
        var n = Columns.Int64("n");
        var label = Columns.VarChar("label");
        var answered = random.Next(0, 5) == 0 ? queryCount - 1 : queryCount;
        for (var q = 0; q < answered; q++)
        {
            var count = random.Next(0, maxPerQuery + 1);
            var score = (float)random.NextDouble();
            for (var i = 0; i < count; i++)
            {
                keys.Add(random.Next(0, count + 3));
                part.Scores.Add(score += (float)random.NextDouble());
                n.Scalars.LongData.Data.Add(random.Next());
                var valid = random.Next(0, 3) > 0;
                label.ValidData.Add(valid);
                label.Scalars.StringData.Data.Add(valid ? $"l{random.Next(100)}" : "");
            }
            part.Topks.Add(count);
        }
        part.Ids = strings
            ? new IDs { StrId = new StringArray { Data = { keys.Select(k => $"k{k}") } } }
            : new IDs { IntId = new LongArray { Data = { keys } } };
        part.FieldsData.Add(n);
        part.FieldsData.Add(label);
        return part;
    }
}
