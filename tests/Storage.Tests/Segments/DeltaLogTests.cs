using FsCheck;
using FsCheck.Fluent;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

public sealed class DeltaLogTests
{
    private static readonly Gen<ulong> Timestamp = ColumnGenerators.AnyLong.Select(value => (ulong)value);

    [Fact]
    public Task Int64_deletions_read_back_exactly() =>
        Task.Run(() => Prop.ForAll(Gen.ArrayOf(Gen.Zip(ColumnGenerators.AnyLong, Timestamp)).ToArbitrary(), rows =>
        {
            var log = DeltaLog.FromInt64(rows.Select(r => r.Item1).ToArray(), rows.Select(r => r.Item2).ToArray());
            AssertSame(log, SegmentFileBytes.RoundTrip(SegmentFiles.DeltaLog, log));
            return true;
        }).Check(ColumnGenerators.Config));

    [Fact]
    public Task VarChar_deletions_read_back_exactly() =>
        Task.Run(() => Prop.ForAll(Gen.ArrayOf(Gen.Zip(ColumnGenerators.Text, Timestamp)).ToArbitrary(), rows =>
        {
            var log = new DeltaLog(VariableWidthColumn.FromStrings(FieldDataType.VarChar, rows.Select(r => r.Item1).ToArray()), rows.Select(r => r.Item2).ToArray());
            var read = SegmentFileBytes.RoundTrip(SegmentFiles.DeltaLog, log);
            AssertSame(log, read);
            Assert.Equal(rows.Select(r => r.Item1), Enumerable.Range(0, read.Count).Select(((VariableWidthColumn)read.PrimaryKeys).GetString));
            return true;
        }).Check(ColumnGenerators.Config));

    [Fact]
    public void Bad_deletions_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DeltaLog.FromInt64(new long[2], new ulong[1]));
        Assert.Throws<ArgumentException>(() => new DeltaLog(VariableWidthColumn.FromStrings(FieldDataType.VarChar, ["a", null]), new ulong[2]));
        Assert.Throws<ArgumentException>(() => new DeltaLog(VariableWidthColumn.FromStrings(FieldDataType.Json, ["{}"]), new ulong[1]));
    }

    private static void AssertSame(DeltaLog expected, DeltaLog actual)
    {
        ColumnAssert.Equal(expected.PrimaryKeys, actual.PrimaryKeys);
        Assert.Equal(expected.Timestamps.ToArray(), actual.Timestamps.ToArray());
    }
}
