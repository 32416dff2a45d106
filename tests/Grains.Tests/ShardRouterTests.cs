using OrleansVector.Grains.Routing;

namespace OrleansVector.Grains.Tests;

public sealed class ShardRouterTests
{
    [Fact]
    public void Shard_is_hash_modulo_shard_count()
    {
        var router = new ShardRouter(3);
        Assert.Equal((int)(StableHash.Hash(12345L) % 3), router.ShardOf(12345L));
        Assert.Equal((int)(StableHash.Hash("user-7") % 3), router.ShardOf("user-7"));
    }

    [Fact]
    public void Sequential_keys_spread_over_every_shard()
    {
        var router = new ShardRouter(4);
        var counts = new int[4];
        for (long pk = 0; pk < 4000; pk++)
        {
            counts[router.ShardOf(pk)]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void One_shard_takes_every_key() => Assert.Equal(0, new ShardRouter(1).ShardOf(long.MinValue));

    [Fact]
    public void Shard_count_below_one_is_rejected() =>
        Assert.Equal("shardCount", Assert.Throws<ArgumentOutOfRangeException>(() => new ShardRouter(0)).ParamName);
}
