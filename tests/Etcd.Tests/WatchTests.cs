using OrleansVector.Etcd.Protocol;
using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

[Collection(EtcdCollection.Name)]
public sealed class WatchTests(EtcdServer etcd) : EtcdTestBase(etcd)
{
    [Fact]
    public async Task Prefix_watch_reports_puts_and_deletes_in_order()
    {
        await using var watch = await Client.WatchPrefixAsync(Key("w/"), prevKv: true);

        await Client.PutAsync(Key("w/1"), Bytes("a"));
        await Client.PutAsync(Key("outside"), Bytes("ignored"));
        await Client.PutAsync(Key("w/1"), Bytes("b"));
        await Client.DeleteAsync(Key("w/1"));

        var events = await ReadAsync(watch, 3);
        Assert.Equal([Event.Types.EventType.Put, Event.Types.EventType.Put, Event.Types.EventType.Delete], events.Select(e => e.Type));
        Assert.Equal(["a", "b", ""], events.Select(e => e.Kv.Value.ToStringUtf8()));
        Assert.Equal("a", events[1].PrevKv.Value.ToStringUtf8());
        Assert.All(events, e => Assert.Equal(Prefix + "w/1", e.Kv.Key.ToStringUtf8()));
        Assert.True(events[0].Kv.ModRevision < events[1].Kv.ModRevision && events[1].Kv.ModRevision < events[2].Kv.ModRevision);
    }

    [Fact]
    public async Task Watch_from_revision_replays_history()
    {
        var first = await Client.PutAsync(Key("h/1"), Bytes("one"));
        await Client.PutAsync(Key("h/2"), Bytes("two"));

        await using var watch = await Client.WatchPrefixAsync(Key("h/"), startRevision: first.Header.Revision);

        var events = await ReadAsync(watch, 2);
        Assert.Equal(["one", "two"], events.Select(e => e.Kv.Value.ToStringUtf8()));
        Assert.Equal(first.Header.Revision, watch.StartRevision);
    }

    [Fact]
    public async Task Disposing_watch_completes_events()
    {
        var watch = await Client.WatchKeyAsync(Key("k"));

        await watch.DisposeAsync();

        await watch.Events.Completion.WaitAsync(Patience);
    }

    private static async Task<List<Event>> ReadAsync(EtcdWatch watch, int count)
    {
        using var patience = new CancellationTokenSource(Patience);
        var events = new List<Event>();
        while (events.Count < count)
        {
            events.Add(await watch.Events.ReadAsync(patience.Token));
        }
        return events;
    }
}
