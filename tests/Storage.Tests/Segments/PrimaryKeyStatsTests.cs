using FsCheck;
using FsCheck.Fluent;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

public sealed class PrimaryKeyStatsTests
{
    private static readonly Comparer<string> Utf8Order = Comparer<string>.Create((a, b) => ColumnGenerators.Utf8(a).AsSpan().SequenceCompareTo(ColumnGenerators.Utf8(b)));

    [Fact]
    public Task Int64_stats_hold_every_key_and_its_range_through_a_file() =>
        Task.Run(() => Prop.ForAll(Gen.ArrayOf(ColumnGenerators.AnyLong).ToArbitrary(), keys =>
        {
            var stats = SegmentFileBytes.RoundTrip(SegmentFiles.StatsLog, PrimaryKeyStats.Create(new FixedWidthColumn<long>(keys)));
            Assert.Equal(FieldDataType.Int64, stats.KeyType);
            Assert.Equal(keys.Length, stats.RowCount);
            Assert.All(keys, key => Assert.True(stats.MayContain(key), $"key {key} missing"));
            if (keys.Length > 0)
            {
                Assert.Equal(keys.Min(), stats.MinInt64);
                Assert.Equal(keys.Max(), stats.MaxInt64);
                Assert.False(stats.MayContain(keys.Min() - 1) && keys.Min() != long.MinValue, "a key below the minimum may be there");
            }
            Assert.False(stats.MayContain("1"));
            return true;
        }).Check(ColumnGenerators.Config));

    [Fact]
    public Task VarChar_stats_hold_every_key_and_its_utf8_range_through_a_file() =>
        Task.Run(() => Prop.ForAll(Gen.ArrayOf(ColumnGenerators.Text).ToArbitrary(), keys =>
        {
            var stats = SegmentFileBytes.RoundTrip(SegmentFiles.StatsLog, PrimaryKeyStats.Create(VariableWidthColumn.FromStrings(FieldDataType.VarChar, keys)));
            Assert.Equal(FieldDataType.VarChar, stats.KeyType);
            Assert.Equal(keys.Length, stats.RowCount);
            Assert.All(keys, key => Assert.True(stats.MayContain(key), $"key '{key}' missing"));
            Assert.Equal(keys.Length == 0 ? null : keys.Min(Utf8Order), stats.MinString);
            Assert.Equal(keys.Length == 0 ? null : keys.Max(Utf8Order), stats.MaxString);
            Assert.False(stats.MayContain(0L));
            return true;
        }).Check(ColumnGenerators.Config));

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.001)]
    public void The_false_positive_rate_is_near_the_configured_one(double rate)
    {
        // Even keys are in the segment; odd keys lie inside its range, so only the bloom filter can reject them.
        const int Keys = 50_000;
        var stats = PrimaryKeyStats.Create(new FixedWidthColumn<long>(Enumerable.Range(0, Keys).Select(i => i * 2L).ToArray()), rate);
        var falsePositives = Enumerable.Range(0, Keys).Count(i => stats.MayContain((i * 2L) + 1));
        Assert.InRange(falsePositives / (double)Keys, 0, rate * 2);
        Assert.True(falsePositives > 0 || rate * Keys < 5, "a filter with no false positives at all is suspiciously large");
    }

    [Fact]
    public void VarChar_lookups_agree_for_strings_and_utf8_bytes()
    {
        var stats = PrimaryKeyStats.Create(VariableWidthColumn.FromStrings(FieldDataType.VarChar, ["b", "中文", "😀"]));
        foreach (var key in new[] { "a", "b", "c", "中文", "😀", "zzz" })
        {
            Assert.Equal(stats.MayContain(key), stats.MayContain(ColumnGenerators.Utf8(key)));
        }
        Assert.False(stats.MayContain("a"));
        Assert.True(stats.MayContain("😀"));
        // UTF-8 order puts U+1F600 after U+4E2D although UTF-16 code units order them the other way round.
        Assert.Equal("😀", stats.MaxString);
    }

    [Fact]
    public void Empty_stats_contain_nothing()
    {
        var stats = SegmentFileBytes.RoundTrip(SegmentFiles.StatsLog, PrimaryKeyStats.Create(new FixedWidthColumn<long>(Array.Empty<long>())));
        Assert.False(stats.MayContain(0L));
        Assert.Equal(0, stats.RowCount);
    }

    [Fact]
    public void Bad_input_is_rejected_naming_the_problem()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrimaryKeyStats.Create(new FixedWidthColumn<long>(new long[1]), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrimaryKeyStats.Create(new FixedWidthColumn<long>(new long[1]), 1));
        Assert.Contains("Int64 or VarChar", Assert.Throws<ArgumentException>(() => PrimaryKeyStats.Create(new FixedWidthColumn<int>(new int[1]))).Message, StringComparison.Ordinal);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => PrimaryKeyStats.Create(new FixedWidthColumn<long>(new long[2], SegmentColumn.ValidityFrom([true, false])))).Message, StringComparison.Ordinal);
    }
}
