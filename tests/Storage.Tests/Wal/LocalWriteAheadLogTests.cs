using OrleansVector.Storage.Wal;
using OrleansVector.Storage.Wal.Local;

namespace OrleansVector.Storage.Tests.Wal;

public sealed class LocalWriteAheadLogTests : IDisposable
{
    private const string Channel = "by-dev-rootcoord-dml_0";
    private readonly string _root = Directory.CreateTempSubdirectory("ov-wal-").FullName;

    private LocalWalOptions Options(long segmentSize = 64L << 20, WalFsyncPolicy policy = WalFsyncPolicy.Always) =>
        new() { RootDirectory = _root, SegmentSizeBytes = segmentSize, FsyncPolicy = policy };

    private static byte[] Payload(int i) => CrashPayload.Create(0, 0, i);

    private static async Task<List<(long Lsn, byte[] Payload)>> ReadAllAsync(IWriteAheadLog wal, long from = 0)
    {
        var records = new List<(long, byte[])>();
        await foreach (var record in wal.ReadAsync(from))
        {
            records.Add((record.Lsn, record.Payload.ToArray()));
        }
        return records;
    }

    [Fact]
    public async Task Committed_appends_are_counted_in_the_storage_meter()
    {
        var channel = $"metered-{Guid.NewGuid():N}";
        using var measured = new WalMeasurements(channel);
        await using var wal = await LocalWriteAheadLog.OpenAsync(channel, Options());

        var payloads = Enumerable.Range(0, 40).Select(Payload).ToList();
        await Task.WhenAll(payloads.Select(p => wal.AppendAsync(p).AsTask()));

        Assert.Equal(payloads.Count, measured.Records);
        Assert.Equal(payloads.Sum(p => (long)p.Length), measured.Bytes);
    }

    [Theory]
    [InlineData(WalFsyncPolicy.Always)]
    [InlineData(WalFsyncPolicy.Interval)]
    [InlineData(WalFsyncPolicy.Never)]
    public async Task Concurrent_appends_get_dense_LSNs_and_are_all_readable_after_reopen(WalFsyncPolicy policy)
    {
        var written = new Dictionary<long, byte[]>();
        await using (var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10, policy)))
        {
            var appends = Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
            {
                var mine = new List<(long, byte[])>();
                for (var i = 0; i < 100; i++)
                {
                    var payload = CrashPayload.Create(1, writer, i);
                    mine.Add((await wal.AppendAsync(payload), payload));
                }
                return mine;
            }));
            foreach (var (lsn, payload) in (await Task.WhenAll(appends)).SelectMany(m => m))
            {
                written.Add(lsn, payload);
            }
            Assert.Equal(1600, wal.NextLsn);
        }
        Assert.Equal(Enumerable.Range(0, 1600).Select(i => (long)i), written.Keys.Order());

        await using var reopened = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10, policy));
        Assert.Equal(0, reopened.Recovery.DiscardedBytes);
        Assert.True(reopened.Recovery.SegmentCount > 1, "64 KiB segments should have rolled over");
        var records = await ReadAllAsync(reopened);
        Assert.Equal(1600, records.Count);
        foreach (var (lsn, payload) in records)
        {
            Assert.Equal(written[lsn], payload);
        }
        Assert.Equal(1600, await reopened.AppendAsync(Payload(0)));
    }

    [Fact]
    public async Task Read_from_an_LSN_returns_that_record_and_the_rest_and_stops_at_the_end()
    {
        await using var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10));
        for (var i = 0; i < 200; i++)
        {
            await wal.AppendAsync(Payload(i));
        }
        var records = await ReadAllAsync(wal, 137);
        Assert.Equal(Enumerable.Range(137, 63).Select(i => (long)i), records.Select(r => r.Lsn));
        Assert.Equal(Payload(137), records[0].Payload);
        Assert.Empty(await ReadAllAsync(wal, 200));
    }

    /// <summary>Every frame's end offset in the single segment file, for a log of <paramref name="count"/> records.</summary>
    private async Task<(string File, long[] FrameEnds)> WriteSingleSegmentAsync(int count)
    {
        var ends = new long[count];
        long offset = WalSegmentFormat.HeaderSize;
        await using (var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options()))
        {
            for (var i = 0; i < count; i++)
            {
                await wal.AppendAsync(Payload(i));
                offset += WalSegmentFormat.FrameHeaderSize + Payload(i).Length;
                ends[i] = offset;
            }
        }
        var file = Directory.GetFiles(Path.Combine(_root, Channel), "*.wal").Single();
        Assert.Equal(offset, new FileInfo(file).Length);
        return (file, ends);
    }

    [Fact]
    public async Task A_torn_tail_keeps_every_record_before_the_cut_and_nothing_after()
    {
        var (file, ends) = await WriteSingleSegmentAsync(40);
        var pristine = await File.ReadAllBytesAsync(file);
        var random = new Random(7);
        for (var round = 0; round < 25; round++)
        {
            var cut = random.Next(WalSegmentFormat.HeaderSize, pristine.Length);
            await File.WriteAllBytesAsync(file, pristine.AsSpan(0, cut).ToArray());
            var kept = ends.Count(end => end <= cut);

            await using var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options());
            var records = await ReadAllAsync(wal);
            Assert.Equal(Enumerable.Range(0, kept).Select(i => (long)i), records.Select(r => r.Lsn));
            Assert.All(records, r => Assert.Equal(Payload((int)r.Lsn), r.Payload));
            Assert.Equal(cut - (kept == 0 ? WalSegmentFormat.HeaderSize : ends[kept - 1]), wal.Recovery.DiscardedBytes);
            // The log continues right after the last good record.
            Assert.Equal(kept, await wal.AppendAsync(Payload(kept)));
        }
    }

    [Fact]
    public async Task A_zero_padded_tail_left_by_a_crash_is_cut_and_appends_continue_in_the_partial_block()
    {
        // A crash between an aligned write and the trim on close leaves zero padding after the last frame.
        var (file, _) = await WriteSingleSegmentAsync(40);
        var validLength = new FileInfo(file).Length;
        await using (var stream = new FileStream(file, FileMode.Append))
        {
            stream.Write(new byte[8192 - (int)(validLength % 4096)]);
        }
        await using (var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options()))
        {
            Assert.Equal(8192 - (validLength % 4096), wal.Recovery.DiscardedBytes);
            Assert.Equal(40, wal.NextLsn);
            for (var i = 40; i < 60; i++)
            {
                Assert.Equal(i, await wal.AppendAsync(Payload(i)));
            }
        }
        await using var reopened = await LocalWriteAheadLog.OpenAsync(Channel, Options());
        Assert.Equal(0, reopened.Recovery.DiscardedBytes);
        var records = await ReadAllAsync(reopened);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), records.Select(r => r.Lsn));
        Assert.All(records, r => Assert.Equal(Payload((int)r.Lsn), r.Payload));
    }

    [Fact]
    public async Task A_flipped_byte_keeps_the_records_before_the_damaged_one_and_nothing_after()
    {
        var (file, ends) = await WriteSingleSegmentAsync(40);
        var pristine = await File.ReadAllBytesAsync(file);
        var random = new Random(11);
        for (var round = 0; round < 25; round++)
        {
            var damaged = pristine.ToArray();
            var at = random.Next(WalSegmentFormat.HeaderSize, damaged.Length);
            damaged[at] ^= (byte)(1 << random.Next(8));
            await File.WriteAllBytesAsync(file, damaged);
            var kept = ends.Count(end => end <= at);

            await using var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options());
            var records = await ReadAllAsync(wal);
            Assert.Equal(Enumerable.Range(0, kept).Select(i => (long)i), records.Select(r => r.Lsn));
            Assert.All(records, r => Assert.Equal(Payload((int)r.Lsn), r.Payload));
            Assert.NotNull(wal.Recovery.DiscardReason);
        }
    }

    [Fact]
    public async Task A_damaged_header_or_sealed_segment_fails_the_open_naming_the_file()
    {
        await using (var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10)))
        {
            for (var i = 0; i < 200; i++)
            {
                await wal.AppendAsync(Payload(i));
            }
        }
        var first = Directory.GetFiles(Path.Combine(_root, Channel), "*.wal").Order(StringComparer.Ordinal).First();
        var bytes = await File.ReadAllBytesAsync(first);
        bytes[20] ^= 0x40;
        await File.WriteAllBytesAsync(first, bytes);
        var error = await Assert.ThrowsAsync<WalCorruptException>(async () => await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10)));
        Assert.Contains(Path.GetFileName(first), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncation_drops_whole_segments_below_the_checkpoint_and_reads_start_there()
    {
        var directory = Path.Combine(_root, Channel);
        await using (var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10)))
        {
            for (var i = 0; i < 300; i++)
            {
                await wal.AppendAsync(Payload(i));
            }
            var segmentsBefore = Directory.GetFiles(directory, "*.wal").Length;
            await wal.TruncateBeforeAsync(250);
            Assert.True(Directory.GetFiles(directory, "*.wal").Length < segmentsBefore);
            Assert.Equal(250, wal.FirstLsn);
            Assert.Equal(Enumerable.Range(250, 50).Select(i => (long)i), (await ReadAllAsync(wal)).Select(r => r.Lsn));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await wal.TruncateBeforeAsync(301));
        }
        await using var reopened = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10));
        Assert.InRange(reopened.FirstLsn, 1, 250);
        var replay = await ReadAllAsync(reopened, 250);
        Assert.Equal(Enumerable.Range(250, 50).Select(i => (long)i), replay.Select(r => r.Lsn));
        Assert.All(replay, r => Assert.Equal(Payload((int)r.Lsn), r.Payload));
    }

    [Fact]
    public async Task Truncating_everything_keeps_the_log_appendable_across_reopen()
    {
        await using (var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10)))
        {
            for (var i = 0; i < 100; i++)
            {
                await wal.AppendAsync(Payload(i));
            }
            await wal.TruncateBeforeAsync(100);
            Assert.Empty(await ReadAllAsync(wal));
        }
        await using var reopened = await LocalWriteAheadLog.OpenAsync(Channel, Options(64 << 10));
        Assert.Equal(100, reopened.NextLsn);
        Assert.Equal(100, await reopened.AppendAsync(Payload(100)));
    }

    [Fact]
    public async Task A_channel_can_be_open_only_once()
    {
        await using var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options());
        var error = await Assert.ThrowsAsync<IOException>(async () => await LocalWriteAheadLog.OpenAsync(Channel, Options()));
        Assert.Contains(Channel, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_records_and_channel_names_are_rejected_with_the_reason()
    {
        await using var wal = await LocalWriteAheadLog.OpenAsync(Channel, Options());
        Assert.Throws<ArgumentException>(() => wal.AppendAsync(ReadOnlyMemory<byte>.Empty));
        var provider = new LocalWriteAheadLogProvider(Options());
        foreach (var name in new[] { "", "..", "a/b", "a\\b", "x y" })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await provider.OpenAsync(name));
            Assert.Contains("channel", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_out_of_range_are_rejected_naming_the_setting()
    {
        Assert.Contains(nameof(LocalWalOptions.RootDirectory), Assert.Throws<ArgumentException>(() => new LocalWalOptions().Validate()).Message, StringComparison.Ordinal);
        var cases = new (string Name, Action<LocalWalOptions> Break)[]
        {
            (nameof(LocalWalOptions.SegmentSizeBytes), o => o.SegmentSizeBytes = 1000),
            (nameof(LocalWalOptions.MaxRecordBytes), o => o.MaxRecordBytes = 0),
            (nameof(LocalWalOptions.MaxGroupCommitBytes), o => o.MaxGroupCommitBytes = int.MaxValue),
            (nameof(LocalWalOptions.FsyncPolicy), o => o.FsyncPolicy = (WalFsyncPolicy)9),
            (nameof(LocalWalOptions.FsyncInterval), o => o.FsyncInterval = TimeSpan.Zero),
        };
        foreach (var (name, breakIt) in cases)
        {
            var options = Options();
            options.Validate();
            breakIt(options);
            Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
