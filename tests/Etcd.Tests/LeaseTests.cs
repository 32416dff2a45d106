using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

[Collection(EtcdCollection.Name)]
public sealed class LeaseTests(EtcdServer etcd) : EtcdTestBase(etcd)
{
    [Fact]
    public async Task Revoke_deletes_attached_keys()
    {
        var lease = await Client.LeaseGrantAsync(30);
        await Client.PutAsync(Key("ephemeral"), Bytes("x"), lease.ID);

        var live = await Client.LeaseTimeToLiveAsync(lease.ID, keys: true);
        await Client.LeaseRevokeAsync(lease.ID);

        Assert.Equal(30, live.GrantedTTL);
        Assert.Equal([Prefix + "ephemeral"], live.Keys.Select(k => k.ToStringUtf8()));
        Assert.Null(await Client.GetAsync(Key("ephemeral")));
        Assert.Equal(-1, (await Client.LeaseTimeToLiveAsync(lease.ID)).TTL);
        Assert.Equal(0, await Client.KeepAliveOnceAsync(lease.ID));
    }

    [Fact]
    public async Task Revoking_unknown_lease_throws_lease_not_found()
    {
        var lease = await Client.LeaseGrantAsync(30);
        await Client.LeaseRevokeAsync(lease.ID);

        var e = await Assert.ThrowsAsync<EtcdLeaseNotFoundException>(() => Client.LeaseRevokeAsync(lease.ID));
        Assert.Contains("lease not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keep_alive_once_renews_to_granted_ttl()
    {
        var lease = await Client.LeaseGrantAsync(17);

        Assert.Equal(17, await Client.KeepAliveOnceAsync(lease.ID));
    }

    [Fact]
    public async Task Keep_alive_renews_lease_and_reports_loss_after_revoke()
    {
        var lease = await Client.LeaseGrantAsync(2);
        await Client.PutAsync(Key("alive"), Bytes("x"), lease.ID);
        await using var keepAlive = await Client.KeepAliveAsync(lease.ID);

        // Renewals come every TTL/3, so six of them span more than the 2 s TTL: without them the key would be gone.
        using (var patience = new CancellationTokenSource(Patience))
        {
            while (keepAlive.Renewals < 6)
            {
                await Task.Delay(50, patience.Token);
            }
        }
        Assert.NotNull(await Client.GetAsync(Key("alive")));
        Assert.False(keepAlive.Lost.IsCompleted);

        await Client.LeaseRevokeAsync(lease.ID);
        await keepAlive.Lost.WaitAsync(Patience);
    }

    [Fact]
    public async Task Keep_alive_of_unknown_lease_throws()
    {
        var lease = await Client.LeaseGrantAsync(30);
        await Client.LeaseRevokeAsync(lease.ID);

        await Assert.ThrowsAsync<EtcdLeaseNotFoundException>(() => Client.KeepAliveAsync(lease.ID));
    }
}
