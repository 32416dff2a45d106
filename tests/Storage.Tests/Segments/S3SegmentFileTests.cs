using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Segments;
using OrleansVector.Storage.Tests.ObjectStore;

namespace OrleansVector.Storage.Tests.Segments;

/// <summary>Segment files through S3 (a real s3rver): a file larger than several parts streams into a multipart upload.</summary>
public sealed class S3SegmentFileTests(S3rverFixture fixture) : IClassFixture<S3rverFixture>
{
    private readonly S3ObjectStore _store = new(S3ObjectStoreTests.Options(fixture.Server));

    [Fact]
    public async Task A_multipart_insert_log_reads_back_exactly_and_damage_is_named()
    {
        var keys = new SegmentObjectKeys("s3-segments");
        var column = new DenseVectorColumn<float>(FieldDataType.FloatVector, 128, ColumnGenerators.RandomVectors(40_000, 128, seed: 7), SegmentColumn.ValidityFrom(Enumerable.Range(0, 40_000).Select(i => i % 5 != 0).ToArray()));
        var key = keys.InsertLog(1, 2, 3, 101, 4);

        await SegmentFiles.InsertLog.WriteAsync(_store, key, column);

        var info = await _store.GetInfoAsync(key);
        Assert.True(info!.Size > 3L * (5 << 20), $"the file is {info.Size} bytes, too small to need several parts");
        ColumnAssert.Equal(column, await SegmentFiles.InsertLog.ReadAsync(_store, key));

        var damaged = await _store.GetAsync(key);
        damaged[damaged.Length / 3] ^= 1;
        var damagedKey = keys.InsertLog(1, 2, 3, 101, 5);
        await _store.PutAsync(damagedKey, damaged);
        Assert.Equal(damagedKey, (await Assert.ThrowsAsync<SegmentFileCorruptException>(() => SegmentFiles.InsertLog.ReadAsync(_store, damagedKey))).Key);
    }
}
