using System.Buffers.Binary;
using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Segments;

namespace OrleansVector.Storage.Tests.Segments;

/// <summary>Every damaged, truncated, extended or unknown-version segment file is rejected with an error naming it.</summary>
public sealed class SegmentFileCorruptionTests : IDisposable
{
    private const string Name = "insert_log/1/2/3/4/5";
    private readonly string _root = Directory.CreateTempSubdirectory("ov-segments-").FullName;

    public static TheoryData<string> FileKinds => ["insert", "delta", "stats"];

    [Theory]
    [MemberData(nameof(FileKinds))]
    public async Task Every_flipped_byte_is_rejected(string kind)
    {
        var bytes = SampleFile(kind);
        var random = new Random(bytes.Length);
        for (var position = 0; position < bytes.Length; position++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[position] ^= (byte)random.Next(1, 256);
            await AssertRejectedAsync(kind, damaged, $"byte {position} flipped");
        }
    }

    [Theory]
    [MemberData(nameof(FileKinds))]
    public async Task Every_truncation_and_every_extension_is_rejected(string kind)
    {
        var bytes = SampleFile(kind);
        for (var length = 0; length < bytes.Length; length++)
        {
            await AssertRejectedAsync(kind, bytes[..length], $"cut to {length} bytes");
        }
        await AssertRejectedAsync(kind, [.. bytes, 0], "one byte appended");
    }

    [Theory]
    [MemberData(nameof(FileKinds))]
    public async Task An_unknown_version_is_rejected_even_with_a_valid_checksum(string kind)
    {
        var bytes = SampleFile(kind);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        var error = await AssertRejectedAsync(kind, bytes, "version 2");
        Assert.Contains("format version 2 is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_another_kind_is_rejected()
    {
        var error = await AssertRejectedAsync("insert", SampleFile("delta"), "a delta log read as an insert log");
        Assert.Contains("not an insert log", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_framed_file_describing_an_impossible_column_is_rejected()
    {
        var builder = new SegmentFileBuilder(SegmentFileFrame.InsertLogMagic);
        builder.WriteInt32((int)FieldDataType.VarChar);
        builder.WriteInt32(2);
        builder.WriteArray(ReadOnlyMemory<ulong>.Empty);
        builder.WriteArray<int>(new[] { 0, 5, 3 });
        builder.WriteArray<byte>(new byte[5]);
        var error = await AssertRejectedAsync("insert", SegmentFileBytes.Of(builder.Build()), "decreasing offsets");
        Assert.Contains("must not decrease", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_object_in_the_store_is_rejected_naming_its_key()
    {
        var store = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = _root });
        var bytes = SampleFile("insert");
        bytes[bytes.Length / 2] ^= 0x40;
        await store.PutAsync(Name, bytes);
        var error = await Assert.ThrowsAsync<SegmentFileCorruptException>(() => SegmentFiles.InsertLog.ReadAsync(store, Name));
        Assert.Equal(Name, error.Key);
        Assert.Contains(Name, error.Message, StringComparison.Ordinal);

        await store.PutAsync(Name, bytes[..(bytes.Length - 3)]);
        Assert.Equal(Name, (await Assert.ThrowsAsync<SegmentFileCorruptException>(() => SegmentFiles.InsertLog.ReadAsync(store, Name))).Key);
    }

    private static byte[] SampleFile(string kind) => SegmentFileBytes.Of(kind switch
    {
        "insert" => SegmentFiles.InsertLog.Encode(new ArrayColumn(new[] { 0, 2, 2, 3 }, VariableWidthColumn.FromStrings(FieldDataType.VarChar, ["ab", "", "中"]), SegmentColumn.ValidityFrom([true, false, true]))),
        "delta" => SegmentFiles.DeltaLog.Encode(new DeltaLog(VariableWidthColumn.FromStrings(FieldDataType.VarChar, ["k1", "k2"]), new ulong[] { 10, 11 })),
        _ => SegmentFiles.StatsLog.Encode(PrimaryKeyStats.Create(new FixedWidthColumn<long>(new long[] { 3, 1, 2 }))),
    });

    private static async Task<SegmentFileCorruptException> AssertRejectedAsync(string kind, byte[] bytes, string damage)
    {
        using var stream = new MemoryStream(bytes);
        Task read = kind switch
        {
            "insert" => SegmentFiles.InsertLog.ReadAsync(stream, bytes.Length, Name),
            "delta" => SegmentFiles.DeltaLog.ReadAsync(stream, bytes.Length, Name),
            _ => SegmentFiles.StatsLog.ReadAsync(stream, bytes.Length, Name),
        };
        var error = await Record.ExceptionAsync(() => read);
        var corrupt = error as SegmentFileCorruptException ?? throw new Xunit.Sdk.XunitException(
            $"{kind} log, {damage}: expected SegmentFileCorruptException, got {error?.GetType().Name ?? "success"}: {error?.Message}");
        Assert.Equal(Name, corrupt.Key);
        Assert.Contains(Name, corrupt.Message, StringComparison.Ordinal);
        return corrupt;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
