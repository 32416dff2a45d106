using FsCheck;
using FsCheck.Fluent;
using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

public sealed class SegmentFileRoundTripTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ov-segments-").FullName;
    private readonly LocalObjectStore _store;

    public SegmentFileRoundTripTests() => _store = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = _root });

    public static TheoryData<FieldDataType> EveryType => [.. ColumnGenerators.ByType.Keys];

    [Theory]
    [MemberData(nameof(EveryType))]
    public Task Every_column_reads_back_exactly(FieldDataType type) =>
        // Off the test's synchronization context, so the property may block on the reader.
        Task.Run(() => Prop.ForAll(ColumnGenerators.ByType[type].ToArbitrary(), column =>
        {
            Assert.Equal(type, column.Type);
            ColumnAssert.Equal(column, SegmentFileBytes.RoundTrip(SegmentFiles.InsertLog, column));
            return true;
        }).Check(ColumnGenerators.Config));

    [Fact]
    public void Every_Milvus_field_type_has_a_generator() =>
        Assert.Equal(Enum.GetValues<FieldDataType>().Where(t => t != FieldDataType.None).Order(), ColumnGenerators.ByType.Keys.Order());

    [Fact]
    public void Edge_cases_read_back_exactly()
    {
        SegmentColumn[] columns =
        [
            VariableWidthColumn.FromStrings(FieldDataType.VarChar, ["", "", null, ""]),
            VariableWidthColumn.FromStrings(FieldDataType.VarChar, [null, null, null]),
            VariableWidthColumn.FromStrings(FieldDataType.Json, [ColumnGenerators.LargeJson(300_000), null, "{}"]),
            new ArrayColumn(new[] { 0, 0, 0, 0 }, new FixedWidthColumn<int>(Array.Empty<int>()), SegmentColumn.ValidityFrom([true, false, true])),
            new ArrayColumn(new[] { 0, 0, 2, 2 }, VariableWidthColumn.FromStrings(FieldDataType.VarChar, ["", "x"])),
            new FixedWidthColumn<long>(Array.Empty<long>()),
            new FixedWidthColumn<double>(new double[130], SegmentColumn.ValidityFrom(new bool[130])),
            new DenseVectorColumn<float>(FieldDataType.FloatVector, 128, Array.Empty<float>()),
            new SparseFloatVectorColumn(new[] { 0, 0, 0 }, Array.Empty<uint>(), Array.Empty<float>()),
        ];
        foreach (var column in columns)
        {
            ColumnAssert.Equal(column, SegmentFileBytes.RoundTrip(SegmentFiles.InsertLog, column));
        }
        Assert.Equal(ColumnGenerators.LargeJson(300_000), ((VariableWidthColumn)SegmentFileBytes.RoundTrip(SegmentFiles.InsertLog, columns[2])).GetString(0));
    }

    [Fact]
    public async Task Files_go_to_the_object_store_under_the_Milvus_layout()
    {
        var keys = new SegmentObjectKeys("files");
        var vectorColumn = new DenseVectorColumn<float>(FieldDataType.FloatVector, 128, ColumnGenerators.RandomVectors(2_000, 128, seed: 5));
        var primaryKeys = new FixedWidthColumn<long>(Enumerable.Range(0, 2_000).Select(i => (long)i * 7).ToArray());

        var insertKey = keys.InsertLog(1, 2, 3, 101, 9);
        await SegmentFiles.InsertLog.WriteAsync(_store, insertKey, vectorColumn);
        await SegmentFiles.StatsLog.WriteAsync(_store, keys.StatsLog(1, 2, 3, 100, 9), PrimaryKeyStats.Create(primaryKeys));
        await SegmentFiles.DeltaLog.WriteAsync(_store, keys.DeltaLog(1, 2, 3, 10), DeltaLog.FromInt64(new long[] { 7, 14 }, new ulong[] { 5, 6 }));

        Assert.Equal("files/insert_log/1/2/3/101/9", insertKey);
        Assert.True(File.Exists(Path.Combine(_root, "objects", "files", "insert_log", "1", "2", "3", "101", "9")));
        ColumnAssert.Equal(vectorColumn, await SegmentFiles.InsertLog.ReadAsync(_store, insertKey));
        Assert.True((await SegmentFiles.StatsLog.ReadAsync(_store, "files/stats_log/1/2/3/100/9")).MayContain(700));
        Assert.Equal(new ulong[] { 5, 6 }, (await SegmentFiles.DeltaLog.ReadAsync(_store, "files/delta_log/1/2/3/10")).Timestamps.ToArray());
        var listed = new List<string>();
        await foreach (var info in _store.ListAsync(keys.InsertLogPrefix(1, 2, 3)))
        {
            listed.Add(info.Key);
        }
        Assert.Equal([insertKey], listed);
    }

    [Fact]
    public async Task A_missing_file_is_reported_as_missing()
    {
        var error = await Assert.ThrowsAsync<ObjectNotFoundException>(() => SegmentFiles.InsertLog.ReadAsync(_store, "insert_log/1/1/1/1/1"));
        Assert.Equal("insert_log/1/1/1/1/1", error.Key);
    }

    [Fact]
    public void Encoding_a_vector_column_does_not_allocate_per_row()
    {
        const int Rows = 100_000;
        var column = new DenseVectorColumn<float>(FieldDataType.FloatVector, 128, new float[Rows * 128]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var content = SegmentFiles.InsertLog.Encode(column))
        {
            content.CopyTo(Stream.Null, 1 << 16);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // One object per row would already be 2.4 MB; the frame, parts and copy buffer are a few KB.
        Assert.True(allocated < 256 << 10, $"encoding {Rows} rows allocated {allocated} bytes");
    }

    [Fact]
    public async Task Reading_a_vector_column_allocates_its_values_once()
    {
        const int Rows = 100_000;
        var column = new DenseVectorColumn<float>(FieldDataType.FloatVector, 128, new float[Rows * 128]);
        using var file = new MemoryStream(SegmentFileBytes.Of(SegmentFiles.InsertLog.Encode(column)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        // A memory stream completes every read at once, so the whole read runs on this thread.
        var read = SegmentFiles.InsertLog.ReadAsync(file, file.Length, "vectors");
        var extra = GC.GetAllocatedBytesForCurrentThread() - before - ((long)Rows * 128 * sizeof(float));
        Assert.True(read.IsCompletedSuccessfully);
        ColumnAssert.Equal(column, await read);
        Assert.True(extra < 256 << 10, $"reading {Rows} rows allocated {extra} bytes beyond the values");
    }

    [Fact]
    public void Columns_reject_inconsistent_shapes()
    {
        Assert.Throws<ArgumentException>(() => new DenseVectorColumn<byte>(FieldDataType.FloatVector, 4, new byte[16]));
        Assert.Throws<ArgumentException>(() => new DenseVectorColumn<byte>(FieldDataType.BinaryVector, 12, new byte[3]));
        Assert.Throws<ArgumentException>(() => new DenseVectorColumn<float>(FieldDataType.FloatVector, 4, new float[6]));
        Assert.Throws<ArgumentException>(() => new DenseVectorColumn<float>(FieldDataType.Float, 4, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseVectorColumn<float>(FieldDataType.FloatVector, 0, new float[4]));
        Assert.Throws<ArgumentException>(() => new FixedWidthColumn<int>(new int[65], new ulong[1]));
        Assert.Throws<ArgumentException>(() => new FixedWidthColumn<char>(new char[1]));
        Assert.Throws<ArgumentException>(() => new VariableWidthColumn(FieldDataType.Int32, new[] { 0 }, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => new VariableWidthColumn(FieldDataType.VarChar, new[] { 0, 3, 2 }, new byte[3]));
        Assert.Throws<ArgumentException>(() => new VariableWidthColumn(FieldDataType.VarChar, new[] { 0, 4 }, new byte[3]));
        Assert.Throws<ArgumentException>(() => new ArrayColumn(new[] { 0, 1 }, VariableWidthColumn.FromStrings(FieldDataType.Json, ["{}"])));
        Assert.Throws<ArgumentException>(() => new SparseFloatVectorColumn(new[] { 0, 1 }, new uint[1], new float[2]));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
