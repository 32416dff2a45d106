using System.Net;
using OrleansVector.Runtime.Placement;

namespace OrleansVector.Runtime.Tests;

public sealed class AddressCacheTests
{
    private static readonly SiloAddress s_siloA = new(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress s_siloB = new(new IPEndPoint(IPAddress.Loopback, 22222), 1);

    private static GrainId Grain(int i) => new("cached", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Past_its_capacity_the_cache_drops_the_least_recently_used_addresses()
    {
        var cache = new AddressCache(capacity: 10);
        for (var i = 0; i < 10; i++)
        {
            cache.Set(Grain(i), s_siloA);
        }
        for (var i = 0; i < 5; i++)
        {
            Assert.True(cache.TryGet(Grain(i), out _)); // 0-4 are now more recent than 5-9
        }

        cache.Set(Grain(10), s_siloB);

        Assert.True(cache.Count <= 10, $"{cache.Count} entries for a capacity of 10");
        Assert.False(cache.TryGet(Grain(5), out _)); // the least recently used goes first
        for (var i = 0; i < 5; i++)
        {
            Assert.True(cache.TryGet(Grain(i), out var silo), $"recently used grain {i} was dropped");
            Assert.Equal(s_siloA, silo);
        }
        Assert.True(cache.TryGet(Grain(10), out var newest));
        Assert.Equal(s_siloB, newest);
    }

    [Fact]
    public void Invalidating_a_grain_or_a_silo_removes_only_its_addresses()
    {
        var cache = new AddressCache(capacity: 100);
        cache.Set(Grain(1), s_siloA);
        cache.Set(Grain(2), s_siloB);
        cache.Set(Grain(3), s_siloB);

        cache.Remove(Grain(2));
        cache.RemoveSilo(s_siloA);

        Assert.False(cache.TryGet(Grain(1), out _));
        Assert.False(cache.TryGet(Grain(2), out _));
        Assert.True(cache.TryGet(Grain(3), out var silo));
        Assert.Equal(s_siloB, silo);
    }
}
