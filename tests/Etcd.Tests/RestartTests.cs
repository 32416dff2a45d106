using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

/// <summary>What clients see when etcd is killed and comes back: streams resume, calls fail typed and then recover.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private EtcdServer _etcd = null!;
    private EtcdClient _client = null!;

    public async Task InitializeAsync()
    {
        _etcd = await EtcdServer.StartAsync();
        _client = new EtcdClient(new EtcdClientOptions { Endpoint = _etcd.ClientUrl, ReconnectDelay = TimeSpan.FromMilliseconds(100) });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task Watch_resumes_after_restart_without_loss_or_duplicates()
    {
        await using var watch = await _client.WatchPrefixAsync(EtcdKeys.Utf8("r/"));
        await _client.PutAsync("r/1", "before");
        using var patience = new CancellationTokenSource(Patience);
        var first = await watch.Events.ReadAsync(patience.Token);

        await _etcd.RestartAsync();
        await _client.PutAsync("r/2", "after");
        await _client.PutAsync("r/3", "after");

        var second = await watch.Events.ReadAsync(patience.Token);
        var third = await watch.Events.ReadAsync(patience.Token);
        Assert.Equal(["r/1", "r/2", "r/3"], new[] { first, second, third }.Select(e => e.Kv.Key.ToStringUtf8()));
        Assert.False(watch.Events.TryRead(out var extra), $"unexpected event {extra}");
    }

    [Fact]
    public async Task Keep_alive_survives_restart()
    {
        var lease = await _client.LeaseGrantAsync(5);
        await _client.PutAsync("ephemeral", "x", lease.ID);
        await using var keepAlive = await _client.KeepAliveAsync(lease.ID);

        await _etcd.RestartAsync();
        var atRestart = keepAlive.Renewals;
        using (var patience = new CancellationTokenSource(Patience))
        {
            while (keepAlive.Renewals < atRestart + 2)
            {
                await Task.Delay(50, patience.Token);
            }
        }

        Assert.False(keepAlive.Lost.IsCompleted);
        Assert.NotNull(await _client.GetAsync("ephemeral"));
    }

    [Fact]
    public async Task Committed_data_survives_a_kill_and_calls_reconnect()
    {
        await _client.PutAsync("k", "v1");
        await _etcd.RestartAsync();

        Assert.Equal("v1", (await _client.GetAsync("k"))!.Value.ToStringUtf8());
        var revision = (await _client.PutAsync("k", "v2")).Header.Revision;
        Assert.True(revision > 0);
    }
}
