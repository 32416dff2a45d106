using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class CompactionPlannerTests
{
    private static readonly CoordinatorOptions Options = new()
    {
        CompactionMinSegments = 2,
        CompactionDeletedRatio = 0.5,
    };

    private static readonly CompactionLimits Limits = new(SmallSegmentRows: 100, MaxSegmentRows: 250);

    [Fact]
    public void Small_segments_of_one_shard_and_partition_are_packed_oldest_first_up_to_the_row_limit()
    {
        SegmentInfo[] segments =
        [
            Segment(1, rows: 90), Segment(2, rows: 90), Segment(3, rows: 90), Segment(4, rows: 90),
            Segment(5, rows: 90, channel: "other"), Segment(6, rows: 90, partition: 2),
            Segment(7, rows: 500), Segment(8, rows: 80),
        ];

        var plans = CompactionPlanner.Plan(segments, Limits, Options);

        // 1-2 (a third would pass 250 rows), 3-4 (likewise with 8), and 8 alone is too few; 5 and 6 are alone in their shard or partition.
        Assert.Equal([[1L, 2L], [3L, 4L]], plans.Select(p => p.Select(s => s.Id).ToArray()));
    }

    [Fact]
    public void Deleted_rows_count_against_size_and_a_delete_heavy_segment_no_merge_takes_is_rewritten_alone()
    {
        SegmentInfo[] segments =
        [
            Segment(1, rows: 400, deleted: 350), Segment(2, rows: 60),
            Segment(3, rows: 1000, deleted: 500), Segment(4, rows: 1000, deleted: 499),
        ];

        var plans = CompactionPlanner.Plan(segments, Limits, Options);

        // Segment 1 has 50 live rows: small, merged with 2; segment 3 reaches the ratio, 4 does not.
        Assert.Equal([[1L, 2L], [3L]], plans.Select(p => p.Select(s => s.Id).ToArray()));
    }

    [Fact]
    public void Default_limits_come_from_the_schema_so_ten_sealed_100k_row_segments_of_128_d_floats_merge_into_one()
    {
        var schema = new CollectionSchema
        {
            Fields =
            {
                new FieldSchema { Name = "id", DataType = DataType.Int64, IsPrimaryKey = true },
                new FieldSchema { Name = "vector", DataType = DataType.FloatVector, TypeParams = { new Interfaces.Protocol.KeyValuePair { Key = "dim", Value = "128" } } },
            },
        };
        var options = new CoordinatorOptions();

        var limits = CompactionLimits.For(schema, options);
        var plans = CompactionPlanner.Plan(Enumerable.Range(1, 10).Select(i => Segment(i, rows: 100_000)), limits, options);

        Assert.Equal(options.MaxSegmentSize / (8 + 128 * 4), limits.MaxSegmentRows);
        Assert.Equal(limits.MaxSegmentRows / 2, limits.SmallSegmentRows);
        Assert.Equal([Enumerable.Range(1, 10).Select(i => (long)i).ToArray()], plans.Select(p => p.Select(s => s.Id).ToArray()));
    }

    [Theory]
    [InlineData(nameof(CoordinatorOptions.CompactionMinSegments))]
    [InlineData(nameof(CoordinatorOptions.CompactionDeletedRatio))]
    [InlineData(nameof(CoordinatorOptions.MaxSegmentSize))]
    [InlineData(nameof(CoordinatorOptions.CompactionSmallProportion))]
    [InlineData(nameof(CoordinatorOptions.CompactionInterval))]
    [InlineData(nameof(CoordinatorOptions.MaxConcurrentCompactions))]
    public void Invalid_compaction_settings_are_named(string setting)
    {
        var options = new CoordinatorOptions();
        switch (setting)
        {
            case nameof(CoordinatorOptions.CompactionMinSegments): options.CompactionMinSegments = 1; break;
            case nameof(CoordinatorOptions.CompactionDeletedRatio): options.CompactionDeletedRatio = 1.5; break;
            case nameof(CoordinatorOptions.MaxSegmentSize): options.MaxSegmentSize = 0; break;
            case nameof(CoordinatorOptions.CompactionSmallProportion): options.CompactionSmallProportion = 0; break;
            case nameof(CoordinatorOptions.CompactionInterval): options.CompactionInterval = TimeSpan.Zero; break;
            default: options.MaxConcurrentCompactions = 0; break;
        }
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(setting + " = ", e.Message, StringComparison.Ordinal);
    }

    private static SegmentInfo Segment(long id, long rows, long deleted = 0, string channel = "ch", long partition = 1) => new()
    {
        Id = id,
        NumRows = rows,
        DeletedRows = deleted,
        VirtualChannel = channel,
        PartitionId = partition,
        State = SegmentState.Flushed,
    };
}
