using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansVector.Etcd;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.ObjectStore;
using OrleansVector.Storage.Wal;
using OrleansVector.Storage.Wal.ObjectStorage;
using OrleansVector.TestSupport;

namespace OrleansVector.Storage.Tests.Wal.ObjectStorage;

/// <summary>The object-storage WAL on a local object store and a real etcd: durability, group commit, fencing, truncation.</summary>
public sealed class ObjectStorageWalTests : IClassFixture<EtcdServer>, IDisposable
{
    private readonly EtcdClient _client;
    private readonly EtcdMetadataStore _metadata;
    private readonly string _objectDir = Path.Combine(Path.GetTempPath(), $"ov-wal-objects-{Guid.NewGuid():N}");
    private readonly LocalObjectStore _objects;
    private readonly ObjectStorageWalOptions _options = new() { MaxFragmentBytes = 4096 };

    public ObjectStorageWalTests(EtcdServer etcd)
    {
        _client = new EtcdClient(new EtcdClientOptions { Endpoint = etcd.ClientUrl });
        _metadata = new EtcdMetadataStore(_client, new EtcdMetadataStoreOptions { RootPath = $"wal-test-{Guid.NewGuid():N}/" });
        _objects = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = _objectDir });
    }

    public void Dispose()
    {
        _client.Dispose();
        if (Directory.Exists(_objectDir))
        {
            Directory.Delete(_objectDir, recursive: true);
        }
    }

    private Task<ObjectStorageWriteAheadLog> OpenAsync(string channel = "ch-1") =>
        ObjectStorageWriteAheadLog.OpenAsync(_metadata, _objects, channel, _options, NullLogger.Instance);

    private static byte[] Record(int i) => Encoding.UTF8.GetBytes($"record-{i}-{new string('x', i % 97)}");

    private static async Task<List<(long Lsn, string Payload)>> ReadAllAsync(IWriteAheadLog log, long from = 0)
    {
        var records = new List<(long, string)>();
        await foreach (var r in log.ReadAsync(from))
        {
            records.Add((r.Lsn, Encoding.UTF8.GetString(r.Payload.Span)));
        }
        return records;
    }

    private static List<(long, string)> Expected(int from, int to) =>
        [.. Enumerable.Range(from, to - from).Select(i => ((long)i, Encoding.UTF8.GetString(Record(i))))];

    [Fact]
    public async Task Committed_fragments_are_counted_in_the_storage_meter()
    {
        var channel = $"metered-{Guid.NewGuid():N}";
        using var measured = new WalMeasurements(channel);
        await using var log = await OpenAsync(channel);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => log.AppendAsync(Record(i)).AsTask()));

        Assert.Equal(30, measured.Records);
        Assert.Equal(Enumerable.Range(0, 30).Sum(i => (long)Record(i).Length), measured.Bytes);
    }

    [Fact]
    public async Task Appends_get_dense_lsns_and_read_back_in_order()
    {
        await using var log = await OpenAsync();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, await log.AppendAsync(Record(i)));
        }

        Assert.Equal(10, log.NextLsn);
        Assert.Equal(Expected(0, 10), await ReadAllAsync(log));
        Assert.Equal(Expected(7, 10), await ReadAllAsync(log, 7));
    }

    [Fact]
    public async Task Concurrent_appends_are_group_committed_into_fragments()
    {
        await using var log = await OpenAsync();

        var lsns = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => log.AppendAsync(Record(i)).AsTask()));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), lsns.Order());
        var fragments = (await _metadata.ScanAsync("wal/ch-1/fragments/")).Entries.Count;
        Assert.InRange(fragments, 2, 199); // batched, and split by MaxFragmentBytes
        var read = await ReadAllAsync(log);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), read.Select(r => r.Lsn));
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(Encoding.UTF8.GetString(Record(Array.IndexOf(lsns, (long)i))), read[i].Payload);
        }
    }

    [Fact]
    public async Task New_owner_reads_every_committed_record_and_continues_the_lsns()
    {
        await using (var first = await OpenAsync())
        {
            for (var i = 0; i < 25; i++)
            {
                await first.AppendAsync(Record(i));
            }
        }

        await using var second = await OpenAsync();

        Assert.Equal(25, second.NextLsn);
        Assert.Equal(Expected(0, 25), await ReadAllAsync(second));
        Assert.Equal(25, await second.AppendAsync(Record(25)));
    }

    [Fact]
    public async Task New_owner_fences_the_old_one_and_readers_see_exactly_committed_fragments()
    {
        await using var stale = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await stale.AppendAsync(Record(i));
        }

        await using var owner = await OpenAsync();
        Assert.True(owner.Epoch > stale.Epoch);

        // The stale owner still uploads its fragment, but the epoch-guarded commit fails.
        await Assert.ThrowsAsync<WalFencedException>(async () => await stale.AppendAsync(Record(100)));
        await Assert.ThrowsAsync<WalFencedException>(async () => await stale.AppendAsync(Record(101)));
        await Assert.ThrowsAsync<WalFencedException>(async () => await stale.TruncateBeforeAsync(3));
        Assert.Equal(5, await owner.AppendAsync(Record(5)));

        Assert.Equal(Expected(0, 6), await ReadAllAsync(owner));
        await using var reader = await OpenAsync();
        Assert.Equal(Expected(0, 6), await ReadAllAsync(reader));
        // Opening removed the fenced owner's uncommitted upload: only committed fragments remain.
        var objects = await _objects.ListAsync("wal/ch-1/").CountAsync();
        Assert.Equal((await _metadata.ScanAsync("wal/ch-1/fragments/")).Entries.Count, objects);
    }

    [Fact]
    public async Task Truncation_hides_old_records_survives_reopen_and_deletes_whole_fragments()
    {
        await using (var log = await OpenAsync())
        {
            for (var i = 0; i < 30; i++)
            {
                await log.AppendAsync(Record(i)); // one fragment per record: appended one at a time
            }
            await log.TruncateBeforeAsync(12);

            Assert.Equal(12, log.FirstLsn);
            Assert.Equal(Expected(12, 30), await ReadAllAsync(log));
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(12, reopened.FirstLsn);
        Assert.Equal(Expected(12, 30), await ReadAllAsync(reopened, 0));
        Assert.Equal(18, await _objects.ListAsync("wal/ch-1/").CountAsync());
    }

    [Fact]
    public async Task Truncating_everything_keeps_the_next_lsn_for_the_next_owner()
    {
        await using (var log = await OpenAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                await log.AppendAsync(Record(i));
            }
            await log.TruncateBeforeAsync(100);
            Assert.Equal(3, log.FirstLsn);
        }

        await using var next = await OpenAsync();

        Assert.Equal(3, next.NextLsn);
        Assert.Empty(await ReadAllAsync(next));
        Assert.Equal(3, await next.AppendAsync(Record(3)));
    }

    [Fact]
    public async Task Corrupt_fragment_object_is_reported_naming_it()
    {
        await using var log = await OpenAsync();
        await log.AppendAsync(Record(1));
        var key = (await _objects.ListAsync("wal/ch-1/").FirstAsync()).Key;
        var bytes = await _objects.GetAsync(key);
        bytes[30] ^= 0x01;
        await _objects.PutAsync(key, bytes);

        var e = await Assert.ThrowsAsync<WalCorruptException>(() => ReadAllAsync(log));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_commits_appends_already_accepted()
    {
        var log = await OpenAsync();
        var pending = Enumerable.Range(0, 50).Select(i => log.AppendAsync(Record(i)).AsTask()).ToList();

        await log.DisposeAsync();

        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        await using var next = await OpenAsync();
        Assert.Equal(50, next.NextLsn);
    }

    [Fact]
    public async Task Channels_are_independent()
    {
        await using var a = await OpenAsync("a");
        await using var b = await OpenAsync("b");

        await a.AppendAsync(Record(1));

        Assert.Equal(0, await b.AppendAsync(Record(2)));
    }

    [Fact]
    public async Task Bad_input_is_rejected_naming_the_problem()
    {
        await using var log = await OpenAsync();

        var empty = await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendAsync(ReadOnlyMemory<byte>.Empty));
        var channel = await Assert.ThrowsAsync<ArgumentException>(() => OpenAsync("bad/name"));

        Assert.Contains("1..", empty.Message, StringComparison.Ordinal);
        Assert.Contains("bad/name", channel.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_without_ownership_sees_committed_records_and_does_not_fence_the_owner()
    {
        await using var owner = await OpenAsync();
        for (var i = 0; i < 8; i++)
        {
            await owner.AppendAsync(Record(i));
        }
        await owner.TruncateBeforeAsync(2);

        var read = new List<(long, string)>();
        await foreach (var r in ObjectStorageWalReader.ReadCommittedAsync(_metadata, _objects, "ch-1", _options, 0))
        {
            read.Add((r.Lsn, Encoding.UTF8.GetString(r.Payload.Span)));
        }

        Assert.Equal(Expected(2, 8), read);
        Assert.Equal(8, await owner.AppendAsync(Record(8)));
    }

    [Fact]
    public async Task Provider_opens_logs_as_owner()
    {
        var provider = new ObjectStorageWalProvider(_metadata, _objects, _options);

        await using var log = await provider.OpenAsync("p");

        Assert.Equal("p", log.Channel);
        Assert.Equal(0, await log.AppendAsync(Record(0)));
    }
}
