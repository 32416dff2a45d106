using OrleansVector.Etcd.Protocol;
using OrleansVector.TestSupport;
using Result = OrleansVector.Etcd.Protocol.Compare.Types.CompareResult;

namespace OrleansVector.Etcd.Tests;

[Collection(EtcdCollection.Name)]
public sealed class TxnTests(EtcdServer etcd) : EtcdTestBase(etcd)
{
    private TxnRequest CreateIfAbsent(string name, string value) => new()
    {
        Compare = { EtcdCompare.Missing(Key(name)) },
        Success = { EtcdOp.Put(Key(name), Bytes(value)) },
        Failure = { EtcdOp.Get(Key(name)) },
    };

    [Fact]
    public async Task Create_if_absent_succeeds_once_and_failure_branch_reads_winner()
    {
        var first = await Client.TxnAsync(CreateIfAbsent("lock", "owner1"));
        var second = await Client.TxnAsync(CreateIfAbsent("lock", "owner2"));

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal("owner1", second.Responses[0].ResponseRange.Kvs[0].Value.ToStringUtf8());
    }

    [Fact]
    public async Task Compare_on_mod_revision_rejects_stale_writer()
    {
        var put = await Client.PutAsync(Key("cas"), Bytes("v1"));
        var revision = put.Header.Revision;
        TxnRequest Cas(string value) => new()
        {
            Compare = { EtcdCompare.ModRevision(Key("cas"), Result.Equal, revision) },
            Success = { EtcdOp.Put(Key("cas"), Bytes(value)) },
        };

        Assert.True((await Client.TxnAsync(Cas("v2"))).Succeeded);
        Assert.False((await Client.TxnAsync(Cas("v3"))).Succeeded);
        Assert.Equal("v2", (await Client.GetAsync(Key("cas")))!.Value.ToStringUtf8());
    }

    [Fact]
    public async Task Compare_on_value_and_version_guard_multi_key_writes()
    {
        await Client.PutAsync(Key("epoch"), Bytes("3"));
        var txn = new TxnRequest
        {
            Compare =
            {
                EtcdCompare.Value(Key("epoch"), Result.Equal, Bytes("3")),
                EtcdCompare.Version(Key("epoch"), Result.Equal, 1),
            },
            Success = { EtcdOp.Put(Key("a"), Bytes("A")), EtcdOp.Put(Key("b"), Bytes("B")), EtcdOp.Delete(Key("epoch")) },
        };

        var committed = await Client.TxnAsync(txn);
        var again = await Client.TxnAsync(txn);

        Assert.True(committed.Succeeded);
        Assert.False(again.Succeeded);
        var all = await Client.GetPrefixAsync(Prefix);
        Assert.Equal([Prefix + "a", Prefix + "b"], all.Kvs.Select(kv => kv.Key.ToStringUtf8()));
        // Every write of one transaction carries one revision.
        Assert.Single(all.Kvs.Select(kv => kv.ModRevision).Distinct());
    }

    [Fact]
    public async Task Compare_greater_and_less_on_create_revision()
    {
        var put = await Client.PutAsync(Key("k"), Bytes("v"));

        var exists = await Client.TxnAsync(new TxnRequest { Compare = { EtcdCompare.Exists(Key("k")) } });
        var older = await Client.TxnAsync(new TxnRequest { Compare = { EtcdCompare.CreateRevision(Key("k"), Result.Less, put.Header.Revision) } });

        Assert.True(exists.Succeeded);
        Assert.False(older.Succeeded);
    }
}
