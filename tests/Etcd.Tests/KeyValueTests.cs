using OrleansVector.Etcd.Protocol;
using OrleansVector.TestSupport;

namespace OrleansVector.Etcd.Tests;

[Collection(EtcdCollection.Name)]
public sealed class KeyValueTests(EtcdServer etcd) : EtcdTestBase(etcd)
{
    [Fact]
    public async Task Put_then_get_returns_value_and_revisions()
    {
        var first = await Client.PutAsync(Key("a"), Bytes("1"));
        var second = await Client.PutAsync(Key("a"), Bytes("2"));

        var kv = await Client.GetAsync(Key("a"));

        Assert.NotNull(kv);
        Assert.Equal("2", kv.Value.ToStringUtf8());
        Assert.Equal(first.Header.Revision, kv.CreateRevision);
        Assert.Equal(second.Header.Revision, kv.ModRevision);
        Assert.Equal(2, kv.Version);
        Assert.True(second.Header.Revision > first.Header.Revision);
    }

    [Fact]
    public async Task Get_of_missing_key_is_null()
    {
        Assert.Null(await Client.GetAsync(Key("missing")));
    }

    [Fact]
    public async Task Prefix_scan_returns_only_keys_under_prefix_in_order()
    {
        await Client.PutAsync(Key("dir/b"), Bytes("b"));
        await Client.PutAsync(Key("dir/a"), Bytes("a"));
        await Client.PutAsync(Key("dir0"), Bytes("outside"));
        await Client.PutAsync(Key("di"), Bytes("outside"));

        var range = await Client.GetPrefixAsync(Key("dir/"));

        Assert.Equal([Prefix + "dir/a", Prefix + "dir/b"], range.Kvs.Select(kv => kv.Key.ToStringUtf8()));
        Assert.Equal(2, range.Count);
    }

    [Fact]
    public async Task Prefix_scan_pages_at_one_revision()
    {
        using var paged = new EtcdClient(new EtcdClientOptions { Endpoint = Client.Endpoint, RangePageSize = 2 });
        for (var i = 0; i < 7; i++)
        {
            await Client.PutAsync(Key($"p/{i}"), Bytes($"{i}"));
        }

        var range = await paged.GetPrefixAsync(Key("p/"));

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{i}"), range.Kvs.Select(kv => kv.Value.ToStringUtf8()));
        Assert.Equal(7, range.Count);
        Assert.False(range.More);
    }

    [Fact]
    public async Task Delete_and_delete_prefix_remove_keys()
    {
        await Client.PutAsync(Key("x/1"), Bytes("1"));
        await Client.PutAsync(Key("x/2"), Bytes("2"));
        await Client.PutAsync(Key("y"), Bytes("3"));

        Assert.Equal(1, (await Client.DeleteAsync(Key("y"))).Deleted);
        Assert.Equal(0, (await Client.DeleteAsync(Key("y"))).Deleted);
        Assert.Equal(2, (await Client.DeletePrefixAsync(Key("x/"))).Deleted);
        Assert.Empty((await Client.GetPrefixAsync(Prefix)).Kvs);
    }

    [Fact]
    public async Task Binary_keys_and_values_round_trip()
    {
        var key = Google.Protobuf.ByteString.CopyFrom([.. Key("bin").ToByteArray(), 0x00, 0xff, 0x80]);
        var value = Google.Protobuf.ByteString.CopyFrom(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());

        await Client.PutAsync(key, value);

        Assert.Equal(value, (await Client.GetAsync(key))!.Value);
    }

    [Fact]
    public async Task Large_value_round_trips()
    {
        var value = Google.Protobuf.ByteString.CopyFrom(new byte[1024 * 1024]);

        await Client.PutAsync(Key("big"), value);

        Assert.Equal(value.Length, (await Client.GetAsync(Key("big")))!.Value.Length);
    }

    [Fact]
    public async Task Empty_key_is_rejected_with_etcd_message()
    {
        var e = await Assert.ThrowsAsync<EtcdException>(() => Client.PutAsync(new PutRequest { Value = Bytes("v") }));

        Assert.Equal(EtcdStatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("key is not provided", e.Message, StringComparison.Ordinal);
    }
}
