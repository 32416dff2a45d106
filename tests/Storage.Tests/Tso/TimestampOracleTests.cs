using OrleansVector.Etcd;
using OrleansVector.Storage.Metadata;
using OrleansVector.Storage.Tso;
using OrleansVector.TestSupport;

namespace OrleansVector.Storage.Tests.Tso;

public sealed class TimestampOracleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TsoStore _store = new();
    private readonly ManualClock _clock = new(Epoch);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private TimestampOracle NewOracle(IMetadataStore? store = null) =>
        new(store ?? _store.Store, new TimestampOracleOptions { Window = TimeSpan.FromSeconds(3) }, _clock);

    [Fact]
    public void Hybrid_timestamp_composes_and_decomposes()
    {
        var ts = HybridTimestamp.Compose(1_700_000_000_123, 42);

        Assert.Equal(1_700_000_000_123, HybridTimestamp.Physical(ts));
        Assert.Equal(42, HybridTimestamp.Logical(ts));
        Assert.Equal((1_700_000_000_123UL << 18) | 42, ts);
        Assert.Throws<ArgumentOutOfRangeException>(() => HybridTimestamp.Compose(1, HybridTimestamp.LogicalPerMillisecond));
    }

    [Fact]
    public async Task Timestamps_follow_the_clock_and_count_within_a_millisecond()
    {
        var oracle = NewOracle();

        var a = await oracle.GetTimestampAsync();
        var b = await oracle.GetTimestampAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        var c = await oracle.GetTimestampAsync();

        Assert.Equal(Epoch.ToUnixTimeMilliseconds(), HybridTimestamp.Physical(a));
        Assert.Equal(b, a + 1);
        Assert.Equal(HybridTimestamp.Compose(Epoch.ToUnixTimeMilliseconds() + 5, 0), c);
    }

    [Fact]
    public async Task Batch_is_consecutive_and_rolls_into_the_next_millisecond_when_logical_space_runs_out()
    {
        var oracle = NewOracle();

        var first = await oracle.AllocateAsync(HybridTimestamp.LogicalPerMillisecond - 10);
        var second = await oracle.AllocateAsync(100);

        Assert.Equal(0, HybridTimestamp.Logical(first.First));
        Assert.Equal(HybridTimestamp.Physical(first.First) + 1, HybridTimestamp.Physical(second.First));
        Assert.Equal(0, HybridTimestamp.Logical(second.First));
        Assert.True(second.First > first.Last);
    }

    [Fact]
    public async Task Clock_stepping_back_does_not_break_monotonicity()
    {
        var oracle = NewOracle();
        var before = await oracle.GetTimestampAsync();

        _clock.Advance(TimeSpan.FromMinutes(-10));
        var after = await oracle.GetTimestampAsync();

        Assert.True(after > before);
    }

    [Fact]
    public async Task Timestamps_strictly_increase_across_100_restarts_with_a_wandering_clock()
    {
        var random = new Random(42);
        ulong last = 0;
        for (var restart = 0; restart < 100; restart++)
        {
            if (restart % 10 == 0)
            {
                await _store.RestartAsync();
            }
            // The clock jumps forward, stands still or steps back by up to a minute between and within runs.
            _clock.Advance(TimeSpan.FromMilliseconds(random.Next(-60_000, 60_000)));
            var oracle = NewOracle();
            for (var i = 0; i < 20; i++)
            {
                var range = await oracle.AllocateAsync(random.Next(1, 1000));
                Assert.True(range.First > last, $"restart {restart}: {range.First} after {last}");
                last = range.Last;
                _clock.Advance(TimeSpan.FromMilliseconds(random.Next(-5, 2_000)));
            }
        }
    }

    [Fact]
    public async Task Persisted_mark_stays_ahead_of_served_time()
    {
        var oracle = NewOracle();
        for (var i = 0; i < 50; i++)
        {
            var ts = await oracle.GetTimestampAsync();
            var mark = (await _store.Store.GetAsync("tso/high-water"))!;
            Assert.True(BitConverter.ToInt64(mark.Value.Span) > HybridTimestamp.Physical(ts));
            _clock.Advance(TimeSpan.FromMilliseconds(700));
        }
    }

    [Fact]
    public async Task A_second_oracle_fences_the_first()
    {
        var first = NewOracle();
        var before = await first.GetTimestampAsync();

        var second = NewOracle();
        var taken = await second.GetTimestampAsync();
        _clock.Advance(TimeSpan.FromSeconds(10)); // past the first oracle's window

        await Assert.ThrowsAsync<TsoFencedException>(async () => await first.GetTimestampAsync());
        Assert.True(taken > before);
        Assert.True(await second.GetTimestampAsync() > taken);
    }

    [Fact]
    public async Task Concurrent_callers_get_distinct_increasing_timestamps()
    {
        var oracle = NewOracle();

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<ulong>();
            for (var i = 0; i < 500; i++)
            {
                mine.Add(await oracle.GetTimestampAsync());
            }
            return mine;
        })));

        Assert.All(all, mine => Assert.Equal(mine.Order(), mine));
        Assert.Equal(4000, all.SelectMany(m => m).Distinct().Count());
    }
}

/// <summary>The oracle over etcd keeps its guarantee across restarts too.</summary>
public sealed class EtcdTimestampOracleTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    [Fact]
    public async Task Timestamps_strictly_increase_across_restarts_on_etcd()
    {
        using var client = new EtcdClient(new EtcdClientOptions { Endpoint = etcd.ClientUrl });
        var store = new EtcdMetadataStore(client, new EtcdMetadataStoreOptions { RootPath = $"tso-{Guid.NewGuid():N}/" });
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddYears(56));
        ulong last = 0;
        for (var restart = 0; restart < 10; restart++)
        {
            clock.Advance(TimeSpan.FromSeconds(-1));
            var oracle = new TimestampOracle(store, new TimestampOracleOptions(), clock);
            var ts = await oracle.GetTimestampAsync();
            Assert.True(ts > last);
            last = ts;
        }
    }
}
