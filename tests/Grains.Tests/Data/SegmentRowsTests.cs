using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Grains.Rows;
using OrleansVector.Grains.Search;
using OrleansVector.Grains.Segment;
using OrleansVector.Index.Datasets;
using OrleansVector.Kernels;
using static OrleansVector.Grains.Tests.Data.TestCollections;

namespace OrleansVector.Grains.Tests.Data;

public sealed class SegmentRowsTests
{
    private static readonly SchemaView Schema = new(Info("items", dynamic: false, PrimaryKey(), Vector("vec", 2), Scalar("n", DataType.Int64)));

    private static SegmentRows Segment() => new(segmentId: 1, partitionId: 11, Schema);

    private static void Insert(SegmentRows segment, ulong timestamp, long[] keys, float[] vectors, long[] n)
    {
        var rows = InsertValidator.Validate(Schema, [Columns.Int64("id", keys), Columns.Vectors("vec", 2, vectors), Columns.Int64("n", n)], (uint)keys.Length, upsert: false);
        segment.Append(rows.Columns.ToDictionary(c => c.FieldName), rows.PrimaryKeys!, timestamp);
    }

    private static ReadPlan Plan(string filter = "") =>
        new(Schema, new ShardReadScope { Filter = filter, OutputFields = { "n" } });

    private static long[] Keys(List<FieldData> columns) => [.. columns[0].Scalars.LongData.Data];

    [Fact]
    public void Rows_are_visible_from_their_insert_until_their_delete()
    {
        var segment = Segment();
        Insert(segment, 10, [1, 2], [0, 0, 1, 1], [5, 6]);
        Insert(segment, 20, [3], [2, 2], [7]);
        segment.Delete(PrimaryKeys.Of([1L]), 30);

        Assert.Equal([1L, 2L], Keys(SegmentReads.Query(segment, Plan(), 15, -1)));
        Assert.Equal([1L, 2L, 3L], Keys(SegmentReads.Query(segment, Plan(), 29, -1)));
        Assert.Equal([2L, 3L], Keys(SegmentReads.Query(segment, Plan(), 30, -1)));
        Assert.Equal(2, SegmentReads.Count(segment, Plan(), 30));
    }

    [Fact]
    public void Reads_before_between_and_after_deletes_see_exactly_theirs_when_repeated_and_after_each_new_delete()
    {
        var segment = Segment();
        Insert(segment, 10, [1, 2, 3, 4], [0, 0, 1, 1, 2, 2, 3, 3], [1, 2, 3, 4]);
        Assert.Equal([1L, 2L, 3L, 4L], Keys(SegmentReads.Query(segment, Plan(), 40, -1)));
        segment.Delete(PrimaryKeys.Of([1L]), 20);
        segment.Delete(PrimaryKeys.Of([2L]), 30);

        for (var pass = 0; pass < 2; pass++)
        {
            Assert.Equal([1L, 2L, 3L, 4L], Keys(SegmentReads.Query(segment, Plan(), 15, -1)));
            Assert.Equal([2L, 3L, 4L], Keys(SegmentReads.Query(segment, Plan(), 25, -1)));
            Assert.Equal([3L, 4L], Keys(SegmentReads.Query(segment, Plan(), 35, -1)));
            Assert.Equal([3L], Keys(SegmentReads.Query(segment, Plan("n <= 3"), 35, -1)));
        }
        segment.Delete(PrimaryKeys.Of([3L]), 40);

        Assert.Equal([4L], Keys(SegmentReads.Query(segment, Plan(), 45, -1)));
        Assert.Equal(1, SegmentReads.Count(segment, Plan(), 45));
        Assert.Equal([1L, 2L, 3L, 4L], Keys(SegmentReads.Query(segment, Plan(), 15, -1)));
    }

    [Fact]
    public void A_search_skips_nothing_only_with_no_filter_every_row_visible_and_none_deleted_by_its_timestamp()
    {
        var segment = Segment();
        Insert(segment, 10, [1, 2], [0, 0, 1, 1], [5, 6]);
        Insert(segment, 20, [3], [2, 2], [7]);
        segment.Delete(PrimaryKeys.Of([1L]), 30);

        Assert.Null(segment.SearchExclusions(filter: null, 25));
        Assert.Equal(3, segment.SearchExclusions(Plan("n > 5").Filter, 25)!.Length);
        // Row 3 is not visible yet at 15: the bitset stops before it.
        Assert.Equal(2, segment.SearchExclusions(filter: null, 15)!.Length);
        var afterDelete = segment.SearchExclusions(filter: null, 30)!;
        Assert.Equal((true, false, false), (afterDelete[0], afterDelete[1], afterDelete[2]));
    }

    [Fact]
    public void Upsert_replaces_the_row_at_one_timestamp_without_a_gap_or_a_double()
    {
        var segment = Segment();
        Insert(segment, 10, [1], [0, 0], [5]);
        // Upsert = delete of the key, then the new row, both at 20.
        segment.Delete(PrimaryKeys.Of([1L]), 20);
        Insert(segment, 20, [1], [9, 9], [6]);

        Assert.Equal([5L], SegmentReads.Query(segment, Plan(), 19, -1)[1].Scalars.LongData.Data);
        Assert.Equal([6L], SegmentReads.Query(segment, Plan(), 20, -1)[1].Scalars.LongData.Data);
    }

    [Fact]
    public void Query_filters_orders_by_key_and_limits()
    {
        var segment = Segment();
        Insert(segment, 10, [9, 3, 5, 1], [0, 0, 1, 1, 2, 2, 3, 3], [1, 2, 3, 4]);

        Assert.Equal([3L, 5L], Keys(SegmentReads.Query(segment, Plan("n >= 2 and n <= 3"), 10, -1)));
        Assert.Equal([1L, 3L], Keys(SegmentReads.Query(segment, Plan(), 10, 2)));
    }

    [Fact]
    public void Search_matches_brute_force_and_skips_deleted_and_filtered_rows()
    {
        var data = SyntheticData.Clustered(2000, 2, seed: 3);
        var segment = Segment();
        var keys = Enumerable.Range(0, data.Count).Select(i => (long)i).ToArray();
        Insert(segment, 10, keys, data.Data, keys);
        segment.Delete(PrimaryKeys.Of([.. keys.Where(k => k % 10 == 0)]), 20);
        var query = new float[] { 0.5f, -0.25f };
        var request = new ShardSearchRequest
        {
            Scope = new ShardReadScope { Filter = "n % 2 == 0", OutputFields = { "n" } },
            AnnsField = "vec",
            MetricType = "L2",
            TopK = 10,
            Queries = new PlaceholderValue { Tag = "$0", Type = PlaceholderType.FloatVector, Values = { Google.Protobuf.ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(query.AsSpan())) } },
        };

        var result = SegmentReads.Search(segment, new SearchPlan(Schema, request), 20);

        var expected = keys.Where(k => k % 2 == 0 && k % 10 != 0)
            .OrderBy(k => VectorMath.L2Squared(query, data.Row((int)k))).ThenBy(k => k).Take(10).ToArray();
        Assert.Equal(expected, result.Ids.IntId.Data);
        Assert.Equal(expected, result.FieldsData[0].Scalars.LongData.Data);
        Assert.True(result.Scores.Zip(result.Scores.Skip(1)).All(p => p.First <= p.Second));
    }
}
