using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

public sealed class SegmentObjectKeysTests
{
    [Fact]
    public void Keys_follow_the_Milvus_layout()
    {
        var keys = new SegmentObjectKeys("files");
        Assert.Equal("files/insert_log/10/11/12/101/7", keys.InsertLog(10, 11, 12, 101, 7));
        Assert.Equal("files/delta_log/10/11/12/8", keys.DeltaLog(10, 11, 12, 8));
        Assert.Equal("files/stats_log/10/11/12/100/9", keys.StatsLog(10, 11, 12, 100, 9));
        Assert.Equal("files/insert_log/10/11/12/", keys.InsertLogPrefix(10, 11, 12));
        Assert.Equal("files/delta_log/10/11/12/", keys.DeltaLogPrefix(10, 11, 12));
        Assert.Equal("files/stats_log/10/11/12/", keys.StatsLogPrefix(10, 11, 12));
        Assert.Equal("insert_log/1/2/3/4/5", new SegmentObjectKeys().InsertLog(1, 2, 3, 4, 5));
        Assert.Equal("a/b/delta_log/1/2/3/4", new SegmentObjectKeys("a/b").DeltaLog(1, 2, 3, 4));
    }

    [Fact]
    public void Bad_roots_and_ids_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SegmentObjectKeys("../up"));
        Assert.Throws<ArgumentException>(() => new SegmentObjectKeys("trailing/"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentObjectKeys().InsertLog(1, -2, 3, 4, 5));
    }
}
