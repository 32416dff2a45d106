using OrleansVector.Storage.Metadata;

namespace OrleansVector.Storage.Tests.Metadata;

/// <summary>The conformance suite on the local store, plus what only a file-backed store must prove: crash recovery.</summary>
public sealed class LocalMetadataStoreTests : MetadataStoreConformanceTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"ov-meta-{Guid.NewGuid():N}");

    private string LogPath => Path.Combine(_dir, "meta.log");

    private LocalMetadataStoreOptions Options(long compactAfterBytes = 8 * 1024 * 1024, int history = 10_000) =>
        new() { Directory = _dir, CompactAfterBytes = compactAfterBytes, WatchHistoryLimit = history };

    protected override Task<IMetadataStore> OpenStoreAsync() => Task.FromResult<IMetadataStore>(LocalMetadataStore.Open(Options()));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task ReopenAsync(LocalMetadataStoreOptions? options = null)
    {
        await Store.DisposeAsync();
        Store = LocalMetadataStore.Open(options ?? Options());
    }

    [Fact]
    public async Task Reopen_keeps_entries_and_revisions_keep_growing()
    {
        var put = await Store.PutAsync("a", B("1"));
        await Store.CommitAsync(new MetadataTransaction().Then(MetadataOperation.Put("b", B("2"))).Then(MetadataOperation.Delete("a")));

        await ReopenAsync();

        Assert.Null(await Store.GetAsync("a"));
        var b = await Store.GetAsync("b");
        Assert.Equal("2", S(b!.Value));
        Assert.True(await Store.PutAsync("c", B("3")) > b.ModRevision);
        Assert.True(b.ModRevision > put);
    }

    [Fact]
    public async Task Torn_log_keeps_exactly_the_transactions_before_the_cut()
    {
        var ends = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            await Store.PutAsync($"k/{i:D2}", B(new string('x', i * 7)));
            ends.Add(new FileInfo(LogPath).Length);
        }
        await Store.DisposeAsync();
        var intact = await File.ReadAllBytesAsync(LogPath);
        var random = new Random(1234);

        for (var round = 0; round < 25; round++)
        {
            var cut = random.Next(8, intact.Length);
            await File.WriteAllBytesAsync(LogPath, intact[..cut]);

            Store = LocalMetadataStore.Open(Options());
            var expected = ends.Count(end => end <= cut);
            var keys = (await Store.ScanAsync("k/")).Entries;
            Assert.Equal(Enumerable.Range(0, expected).Select(i => $"k/{i:D2}"), keys.Select(e => e.Key));
            Assert.All(keys, e => Assert.Equal(int.Parse(e.Key[2..], System.Globalization.CultureInfo.InvariantCulture) * 7, e.Value.Length));
            // The torn tail is cut off, so a new write lands after the intact records and survives a reopen.
            await Store.PutAsync("after", B("new"));
            await ReopenAsync();
            Assert.Equal(expected, (await Store.ScanAsync("k/")).Entries.Count);
            Assert.NotNull(await Store.GetAsync("after"));
            await Store.DisposeAsync();
        }
        Store = LocalMetadataStore.Open(Options());
    }

    [Fact]
    public async Task Corrupt_record_stops_recovery_before_it()
    {
        var ends = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            await Store.PutAsync($"k/{i}", B("value"));
            ends.Add(new FileInfo(LogPath).Length);
        }
        await Store.DisposeAsync();
        var bytes = await File.ReadAllBytesAsync(LogPath);
        bytes[(int)ends[5] + 12] ^= 0x40; // inside record 6's payload
        await File.WriteAllBytesAsync(LogPath, bytes);

        Store = LocalMetadataStore.Open(Options());

        Assert.Equal(6, (await Store.ScanAsync("k/")).Entries.Count);
    }

    [Fact]
    public async Task Compaction_folds_log_into_snapshot_and_survives_reopen()
    {
        await ReopenAsync(Options(compactAfterBytes: 4096));
        for (var i = 0; i < 200; i++)
        {
            await Store.PutAsync($"k/{i % 50}", B($"v{i}"));
        }
        await Store.DeleteAsync("k/0");

        Assert.True(File.Exists(Path.Combine(_dir, "meta.snapshot")));
        Assert.True(new FileInfo(LogPath).Length < 4096 + 512);
        await ReopenAsync(Options(compactAfterBytes: 4096));

        var entries = (await Store.ScanAsync("k/")).Entries;
        Assert.Equal(49, entries.Count);
        Assert.Equal("v199", S((await Store.GetAsync("k/49"))!.Value));
        Assert.Equal(4, (await Store.GetAsync("k/49"))!.Version);
    }

    [Fact]
    public async Task Crash_between_snapshot_and_log_reset_replays_nothing_twice()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.PutAsync($"k/{i}", B("old"));
        }
        await Store.DisposeAsync();
        var logBeforeCompaction = await File.ReadAllBytesAsync(LogPath);
        Store = LocalMetadataStore.Open(Options(compactAfterBytes: 4096));
        await Store.PutAsync("big", new byte[5000]); // triggers the snapshot
        await Store.DisposeAsync();

        // As if the process died after renaming the snapshot but before emptying the log.
        await File.WriteAllBytesAsync(LogPath, logBeforeCompaction);
        Store = LocalMetadataStore.Open(Options());

        Assert.Equal(6, (await Store.ScanAsync("")).Entries.Count);
        Assert.Equal(1, (await Store.GetAsync("k/0"))!.Version);
    }

    [Fact]
    public async Task Unknown_format_version_is_rejected_naming_the_file()
    {
        await Store.PutAsync("a", B("1"));
        await Store.DisposeAsync();
        var bytes = await File.ReadAllBytesAsync(LogPath);
        bytes[4] = 99;
        await File.WriteAllBytesAsync(LogPath, bytes);

        var e = Assert.Throws<InvalidDataException>(() => LocalMetadataStore.Open(Options()));

        Assert.Contains(LogPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("version 99", e.Message, StringComparison.Ordinal);
        bytes[4] = 1;
        await File.WriteAllBytesAsync(LogPath, bytes);
        Store = LocalMetadataStore.Open(Options());
    }

    [Fact]
    public void Second_open_of_the_same_folder_fails()
    {
        Assert.ThrowsAny<IOException>(() => LocalMetadataStore.Open(Options()));
    }

    [Fact]
    public async Task Watch_from_revision_older_than_history_throws_compacted()
    {
        await ReopenAsync(Options(history: 2));
        var first = await Store.PutAsync("h/1", B("1"));
        for (var i = 2; i <= 5; i++)
        {
            await Store.PutAsync($"h/{i}", B("x"));
        }

        await Assert.ThrowsAsync<MetadataCompactedException>(() => Store.WatchAsync("h/", first));
        await using var recent = await Store.WatchAsync("h/", first + 3);
        Assert.Equal(["h/4", "h/5"], (await ReadAsync(recent, 2)).Select(e => e.Key));
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LocalMetadataStore.Open(new LocalMetadataStoreOptions { Directory = _dir, CompactAfterBytes = 10 }));
        Assert.Equal(nameof(LocalMetadataStoreOptions.CompactAfterBytes), e.ParamName);
    }
}
