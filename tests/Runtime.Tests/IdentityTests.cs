using System.Net;
using System.Text;

namespace OrleansVector.Runtime.Tests;

public sealed class IdentityTests
{
    [Fact]
    public void Stable_hash_is_crc32c()
    {
        // The CRC32C check value from the Castagnoli polynomial's specification (RFC 3720 B.4).
        Assert.Equal(0xE3069283u, StableHash.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(StableHash.Compute(Encoding.UTF8.GetBytes("grain/ключ")), StableHash.Compute("grain/ключ"));
    }

    [Fact]
    public void Grain_id_round_trips_through_text_and_hashes_by_value()
    {
        var id = new GrainId("shard", "collection/7");
        var parsed = GrainId.Parse(id.ToString());
        Assert.Equal(id, parsed);
        Assert.Equal(id.GetUniformHashCode(), parsed.GetUniformHashCode());
        Assert.Equal(unchecked((StableHash.Compute("shard") * 31) + StableHash.Compute("collection/7")), id.GetUniformHashCode());
        Assert.NotEqual(id, new GrainId("shard", "collection/8"));
        Assert.Throws<FormatException>(() => GrainId.Parse("no-slash"));
        Assert.Throws<ArgumentException>(() => new GrainId("a/b", "k"));
    }

    [Fact]
    public void Keys_are_encoded_like_orleans()
    {
        var guid = Guid.NewGuid();
        Assert.Equal("FF", GrainKeys.FromLong(255));
        Assert.Equal(-5, GrainKeys.ToLong(new GrainId("t", GrainKeys.FromLong(-5))));
        Assert.Equal(guid.ToString("N"), GrainKeys.FromGuid(guid));
        Assert.Equal(guid, GrainKeys.ToGuid(new GrainId("t", GrainKeys.FromGuid(guid))));
    }

    [Fact]
    public void Silo_address_carries_a_generation_that_only_grows()
    {
        var first = SiloAddress.AllocateGeneration(TimeProvider.System);
        var second = SiloAddress.AllocateGeneration(TimeProvider.System);
        Assert.True(second > first);
        var old = new SiloAddress(new IPEndPoint(IPAddress.Loopback, 1000), first);
        var restarted = new SiloAddress(new IPEndPoint(IPAddress.Loopback, 1000), second);
        Assert.True(restarted.Supersedes(old));
        Assert.False(old.Supersedes(restarted));
        Assert.Equal(old, SiloAddress.Parse(old.ToString()));
        Assert.NotEqual(old, restarted);
        Assert.Throws<FormatException>(() => SiloAddress.Parse("127.0.0.1:1000"));
    }
}
