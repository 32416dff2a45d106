using System.Text;
using OrleansVector.Storage.Metadata;

namespace OrleansVector.Storage.Tests.Metadata;

/// <summary>The contract of <see cref="IMetadataStore"/>; every implementation runs all of it.</summary>
public abstract class MetadataStoreConformanceTests : IAsyncLifetime
{
    /// <summary>Hang guard for awaited events; never an assertion about speed.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected IMetadataStore Store { get; set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IMetadataStore> OpenStoreAsync();

    public virtual async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    protected static string S(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Fact]
    public async Task Get_of_missing_key_is_null()
    {
        Assert.Null(await Store.GetAsync("nothing"));
    }

    [Fact]
    public async Task Put_then_get_returns_value_revisions_and_version()
    {
        var first = await Store.PutAsync("a", B("1"));
        var second = await Store.PutAsync("a", B("2"));

        var entry = await Store.GetAsync("a");

        Assert.NotNull(entry);
        Assert.Equal("a", entry.Key);
        Assert.Equal("2", S(entry.Value));
        Assert.True(second > first);
        Assert.Equal(first, entry.CreateRevision);
        Assert.Equal(second, entry.ModRevision);
        Assert.Equal(2, entry.Version);
    }

    [Fact]
    public async Task Empty_and_binary_values_round_trip()
    {
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await Store.PutAsync("empty", ReadOnlyMemory<byte>.Empty);
        await Store.PutAsync("binary", binary);

        Assert.Equal(0, (await Store.GetAsync("empty"))!.Value.Length);
        Assert.Equal(binary, (await Store.GetAsync("binary"))!.Value.ToArray());
    }

    [Fact]
    public async Task Scan_returns_keys_under_prefix_in_key_order_at_current_revision()
    {
        await Store.PutAsync("coll/2", B("two"));
        await Store.PutAsync("coll/10", B("ten"));
        await Store.PutAsync("coll/1", B("one"));
        await Store.PutAsync("coll", B("outside"));
        var last = await Store.PutAsync("colm/1", B("outside"));

        var range = await Store.ScanAsync("coll/");

        Assert.Equal(["coll/1", "coll/10", "coll/2"], range.Entries.Select(e => e.Key));
        Assert.Equal(["one", "ten", "two"], range.Entries.Select(e => S(e.Value)));
        Assert.True(range.Revision >= last);
        Assert.Equal(5, (await Store.ScanAsync("")).Entries.Count);
    }

    [Fact]
    public async Task Delete_reports_whether_key_existed()
    {
        await Store.PutAsync("k", B("v"));

        Assert.True(await Store.DeleteAsync("k"));
        Assert.False(await Store.DeleteAsync("k"));
        Assert.Null(await Store.GetAsync("k"));
    }

    [Fact]
    public async Task Recreated_key_starts_a_new_version()
    {
        await Store.PutAsync("k", B("1"));
        await Store.PutAsync("k", B("2"));
        await Store.DeleteAsync("k");
        var created = await Store.PutAsync("k", B("3"));

        var entry = await Store.GetAsync("k");
        Assert.Equal(1, entry!.Version);
        Assert.Equal(created, entry.CreateRevision);
    }

    [Fact]
    public async Task Put_if_absent_succeeds_once()
    {
        Assert.True(await Store.PutIfAbsentAsync("lock", B("first")));
        Assert.False(await Store.PutIfAbsentAsync("lock", B("second")));
        Assert.Equal("first", S((await Store.GetAsync("lock"))!.Value));
    }

    [Fact]
    public async Task Compare_and_swap_rejects_a_stale_revision()
    {
        var created = await Store.CompareAndSwapAsync("cas", 0, B("v1"));
        Assert.NotNull(created);

        var swapped = await Store.CompareAndSwapAsync("cas", created.Value, B("v2"));
        var stale = await Store.CompareAndSwapAsync("cas", created.Value, B("v3"));
        var recreate = await Store.CompareAndSwapAsync("cas", 0, B("v4"));

        Assert.NotNull(swapped);
        Assert.Null(stale);
        Assert.Null(recreate);
        var entry = await Store.GetAsync("cas");
        Assert.Equal("v2", S(entry!.Value));
        Assert.Equal(swapped, entry.ModRevision);
    }

    [Fact]
    public async Task Multi_key_transaction_applies_all_at_one_revision_or_nothing()
    {
        await Store.PutAsync("epoch", B("7"));
        await Store.PutAsync("old/1", B("x"));
        await Store.PutAsync("old/2", B("y"));
        MetadataTransaction Txn(string epoch) => new MetadataTransaction()
            .When(MetadataCondition.ValueEquals("epoch", B(epoch)))
            .When(MetadataCondition.Missing("new/a"))
            .Then(MetadataOperation.Put("new/a", B("A")))
            .Then(MetadataOperation.Put("new/b", B("B")))
            .Then(MetadataOperation.DeletePrefix("old/"));

        var rejected = await Store.CommitAsync(Txn("6"));
        Assert.False(rejected.Succeeded);
        Assert.Empty((await Store.ScanAsync("new/")).Entries);
        Assert.Equal(2, (await Store.ScanAsync("old/")).Entries.Count);

        var committed = await Store.CommitAsync(Txn("7"));
        Assert.True(committed.Succeeded);
        var written = (await Store.ScanAsync("new/")).Entries;
        Assert.Equal(["A", "B"], written.Select(e => S(e.Value)));
        Assert.All(written, e => Assert.Equal(committed.Revision, e.ModRevision));
        Assert.Empty((await Store.ScanAsync("old/")).Entries);

        Assert.False((await Store.CommitAsync(Txn("7"))).Succeeded);
    }

    [Fact]
    public async Task Version_and_exists_conditions()
    {
        await Store.PutAsync("v", B("1"));
        await Store.PutAsync("v", B("2"));

        Assert.True((await Store.CommitAsync(new MetadataTransaction().When(MetadataCondition.VersionEquals("v", 2)).When(MetadataCondition.Exists("v")))).Succeeded);
        Assert.False((await Store.CommitAsync(new MetadataTransaction().When(MetadataCondition.VersionEquals("v", 1)))).Succeeded);
        Assert.True((await Store.CommitAsync(new MetadataTransaction().When(MetadataCondition.VersionEquals("absent", 0)))).Succeeded);
        Assert.False((await Store.CommitAsync(new MetadataTransaction().When(MetadataCondition.Exists("absent")))).Succeeded);
        Assert.False((await Store.CommitAsync(new MetadataTransaction().When(MetadataCondition.ValueEquals("absent", B(""))))).Succeeded);
    }

    [Fact]
    public async Task Concurrent_compare_and_swap_increments_lose_no_update()
    {
        await Store.PutAsync("counter", B("0"));
        async Task IncrementAsync()
        {
            while (true)
            {
                var entry = await Store.GetAsync("counter");
                var next = int.Parse(S(entry!.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                if (await Store.CompareAndSwapAsync("counter", entry.ModRevision, B(next.ToString(System.Globalization.CultureInfo.InvariantCulture))) is not null)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await IncrementAsync();
            }
        })));

        Assert.Equal("80", S((await Store.GetAsync("counter"))!.Value));
    }

    [Fact]
    public async Task Watch_reports_changes_under_prefix_in_order()
    {
        await using var watch = await Store.WatchAsync("w/");

        var put1 = await Store.PutAsync("w/1", B("a"));
        await Store.PutAsync("x/1", B("outside"));
        var put2 = await Store.PutAsync("w/2", B("b"));
        await Store.DeleteAsync("w/1");

        var events = await ReadAsync(watch, 3);
        Assert.Equal([MetadataEventType.Put, MetadataEventType.Put, MetadataEventType.Delete], events.Select(e => e.Type));
        Assert.Equal(["w/1", "w/2", "w/1"], events.Select(e => e.Key));
        Assert.Equal(["a", "b"], events.Take(2).Select(e => S(e.Value)));
        Assert.Equal(put1, events[0].Revision);
        Assert.Equal(put2, events[1].Revision);
        Assert.True(events[2].Revision > put2);
    }

    [Fact]
    public async Task Scan_then_watch_from_next_revision_misses_nothing()
    {
        await Store.PutAsync("m/1", B("before"));
        var snapshot = await Store.ScanAsync("m/");
        var after = await Store.PutAsync("m/2", B("after scan"));

        await using var watch = await Store.WatchAsync("m/", snapshot.Revision + 1);
        var later = await Store.PutAsync("m/3", B("after watch"));

        var events = await ReadAsync(watch, 2);
        Assert.Equal([after, later], events.Select(e => e.Revision));
        Assert.Equal(["m/2", "m/3"], events.Select(e => e.Key));
    }

    [Fact]
    public async Task Transaction_changes_reach_watch_with_one_revision()
    {
        await using var watch = await Store.WatchAsync("t/");

        var result = await Store.CommitAsync(new MetadataTransaction()
            .Then(MetadataOperation.Put("t/a", B("1")))
            .Then(MetadataOperation.Put("t/b", B("2"))));

        var events = await ReadAsync(watch, 2);
        Assert.Equal(["t/a", "t/b"], events.Select(e => e.Key));
        Assert.All(events, e => Assert.Equal(result.Revision, e.Revision));
    }

    [Fact]
    public async Task Disposed_watch_completes()
    {
        var watch = await Store.WatchAsync("d/");

        await watch.DisposeAsync();

        await watch.Events.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task Invalid_keys_are_rejected_naming_the_problem()
    {
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync("", B("v")));
        var control = await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync("a\nb"));

        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Contains("control character", control.Message, StringComparison.Ordinal);
    }

    protected static async Task<List<MetadataEvent>> ReadAsync(MetadataWatch watch, int count)
    {
        using var patience = new CancellationTokenSource(Patience);
        var events = new List<MetadataEvent>();
        while (events.Count < count)
        {
            events.Add(await watch.Events.ReadAsync(patience.Token));
        }
        return events;
    }
}
