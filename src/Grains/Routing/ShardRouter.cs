namespace OrleansVector.Grains.Routing;

/// <summary>Chooses the shard (vchannel index) of a row from its primary key: hash modulo the shard count, as Milvus does.</summary>
public readonly struct ShardRouter
{
    public ShardRouter(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ShardCount = shardCount;
    }

    public int ShardCount { get; }

    public int ShardOf(long primaryKey) => (int)(StableHash.Hash(primaryKey) % (uint)ShardCount);

    public int ShardOf(string primaryKey) => (int)(StableHash.Hash(primaryKey) % (uint)ShardCount);
}
