using OrleansVector.Storage.Tso;

namespace OrleansVector.Storage.Tests.Tso;

public sealed class IdAllocatorTests : IAsyncLifetime
{
    private readonly TsoStore _store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private IdAllocator NewAllocator(string name = "segments", int batch = 100) =>
        new(_store.Store, name, new IdAllocatorOptions { BatchSize = batch });

    [Fact]
    public async Task Ids_start_at_first_id_and_are_consecutive_within_a_batch()
    {
        var ids = NewAllocator();

        Assert.Equal(1, await ids.NextAsync());
        Assert.Equal(2, await ids.NextAsync());
        Assert.Equal(new IdRange(3, 10), await ids.AllocateAsync(10));
    }

    [Fact]
    public async Task Range_larger_than_batch_is_contiguous()
    {
        var ids = NewAllocator(batch: 10);
        await ids.NextAsync();

        var range = await ids.AllocateAsync(1000);
        var next = await ids.NextAsync();

        Assert.Equal(1000, range.Count);
        Assert.True(range.Start > 1);
        Assert.True(next >= range.End);
    }

    [Fact]
    public async Task Ids_strictly_increase_across_100_restarts()
    {
        long last = 0;
        var random = new Random(7);
        for (var restart = 0; restart < 100; restart++)
        {
            if (restart % 10 == 0)
            {
                await _store.RestartAsync();
            }
            var ids = NewAllocator(batch: random.Next(1, 50));
            for (var i = 0; i < random.Next(1, 30); i++)
            {
                var range = await ids.AllocateAsync(random.Next(1, 20));
                Assert.True(range.Start > last, $"restart {restart}: {range.Start} after {last}");
                last = range.End - 1;
            }
        }
    }

    [Fact]
    public async Task Allocators_sharing_a_name_never_hand_out_the_same_id()
    {
        var a = NewAllocator(batch: 7);
        var b = NewAllocator(batch: 5);

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var allocator = i % 2 == 0 ? a : b;
            var mine = new List<long>();
            for (var n = 0; n < 100; n++)
            {
                mine.Add(await allocator.NextAsync());
            }
            return mine;
        })));

        Assert.Equal(800, all.SelectMany(m => m).Distinct().Count());
    }

    [Fact]
    public async Task Names_are_independent()
    {
        var collections = NewAllocator("collections");
        var segments = NewAllocator("segments");

        Assert.Equal(1, await collections.NextAsync());
        Assert.Equal(1, await segments.NextAsync());
    }
}
