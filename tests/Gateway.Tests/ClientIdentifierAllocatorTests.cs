using OrleansVector.Gateway.Milvus;

namespace OrleansVector.Gateway.Tests;

public sealed class ClientIdentifierAllocatorTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Identifiers_are_hybrid_timestamps_of_the_clock()
    {
        var clock = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var allocator = new ClientIdentifierAllocator(clock);

        var id = allocator.Next();

        Assert.Equal(1_700_000_000_000L, id >> 18);
        Assert.Equal(0, id & ((1 << 18) - 1));
    }

    [Fact]
    public void Identifiers_stay_unique_and_increasing_when_the_clock_stands_still_or_goes_back()
    {
        var clock = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var allocator = new ClientIdentifierAllocator(clock);

        var first = allocator.Next();
        var second = allocator.Next();
        clock.Now = clock.Now.AddSeconds(-5);
        var third = allocator.Next();
        clock.Now = clock.Now.AddSeconds(10);
        var fourth = allocator.Next();

        Assert.Equal(first + 1, second);
        Assert.Equal(second + 1, third);
        Assert.Equal(1_700_000_005_000L, fourth >> 18);
    }

    [Fact]
    public void An_identifier_is_never_zero()
    {
        var allocator = new ClientIdentifierAllocator(new FixedTime(DateTimeOffset.UnixEpoch));

        Assert.NotEqual(0, allocator.Next());
    }

    [Fact]
    public async Task Concurrent_callers_get_distinct_identifiers()
    {
        var allocator = new ClientIdentifierAllocator(new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 1000).Select(_ => allocator.Next()).ToArray())));

        Assert.Equal(8000, ids.SelectMany(x => x).Distinct().Count());
    }
}
