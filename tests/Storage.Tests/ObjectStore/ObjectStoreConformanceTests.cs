using System.Text;
using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Tests.ObjectStore;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, run against each implementation by a subclass. Each test works
/// under its own random prefix, so a subclass may share one store (one server) between tests.
/// </summary>
public abstract class ObjectStoreConformanceTests
{
    /// <summary>Part size the subclasses configure, so large-object tests cross part boundaries.</summary>
    protected const int PartSize = 5 << 20;

    private readonly string _prefix = $"t{Guid.NewGuid():N}/";

    protected abstract IObjectStore Store { get; }

    private string Key(string name) => _prefix + name;

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_including_empty_objects()
    {
        foreach (var (name, data) in new[] { ("empty", Array.Empty<byte>()), ("one", new byte[] { 0 }), ("small", RandomBytes(1000, 1)) })
        {
            await Store.PutAsync(Key($"insert_log/1/2/3/{name}"), data);
            Assert.Equal(data, await Store.GetAsync(Key($"insert_log/1/2/3/{name}")));
            Assert.Equal(data.Length, (await Store.GetInfoAsync(Key($"insert_log/1/2/3/{name}")))!.Size);
        }
    }

    [Fact]
    public async Task Put_replaces_the_whole_object()
    {
        await Store.PutAsync(Key("k"), RandomBytes(5000, 2));
        await Store.PutAsync(Key("k"), Encoding.UTF8.GetBytes("short"));
        Assert.Equal("short", Encoding.UTF8.GetString(await Store.GetAsync(Key("k"))));
    }

    [Fact]
    public async Task Missing_objects_are_reported_by_every_read()
    {
        var key = Key("missing/object");
        Assert.Equal(key, (await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync(key))).Key);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetRangeAsync(key, 0, 10));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetRangeAsync(key, 0, 0));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(key));
        Assert.Null(await Store.GetInfoAsync(key));
    }

    [Fact]
    public async Task Ranged_get_returns_the_range_short_at_the_end_and_empty_past_it()
    {
        var data = RandomBytes(1000, 3);
        await Store.PutAsync(Key("ranged"), data);
        Assert.Equal(data[100..350], await Store.GetRangeAsync(Key("ranged"), 100, 250));
        Assert.Equal(data[990..], await Store.GetRangeAsync(Key("ranged"), 990, 100));
        Assert.Equal(data[..1], await Store.GetRangeAsync(Key("ranged"), 0, 1));
        Assert.Empty(await Store.GetRangeAsync(Key("ranged"), 1000, 10));
        Assert.Empty(await Store.GetRangeAsync(Key("ranged"), 5000, 10));
        Assert.Empty(await Store.GetRangeAsync(Key("ranged"), 10, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetRangeAsync(Key("ranged"), -1, 10));
    }

    [Fact]
    public async Task Large_objects_stream_up_and_down_across_part_boundaries()
    {
        var data = RandomBytes((2 * PartSize) + 12345, 4);
        await Store.PutAsync(Key("large/streamed"), new MemoryStream(data, writable: false));
        await Store.PutAsync(Key("large/memory"), data);
        await Store.PutAsync(Key("large/exact"), new MemoryStream(data, 0, PartSize, writable: false));
        foreach (var name in new[] { "large/streamed", "large/memory" })
        {
            Assert.Equal(data.Length, (await Store.GetInfoAsync(Key(name)))!.Size);
            var whole = await Store.GetAsync(Key(name));
            Assert.True(data.AsSpan().SequenceEqual(whole), $"{name} came back different");
            await using var stream = await Store.OpenReadAsync(Key(name));
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()), $"{name} streamed back different");
        }
        var exact = await Store.GetAsync(Key("large/exact"));
        Assert.True(data.AsSpan(0, PartSize).SequenceEqual(exact), "an object of exactly one part came back different");
        Assert.Equal(data[(PartSize - 10)..(PartSize + 10)], await Store.GetRangeAsync(Key("large/memory"), PartSize - 10, 20));
    }

    [Fact]
    public async Task List_returns_keys_with_the_prefix_in_ordinal_order_with_sizes()
    {
        var names = new[] { "seg/2/b", "seg/1/a", "seg/10/x", "seg/1/b", "segment", "other/1" };
        foreach (var name in names)
        {
            await Store.PutAsync(Key(name), Encoding.UTF8.GetBytes(name));
        }
        async Task<List<string>> ListAsync(string prefix)
        {
            var keys = new List<string>();
            await foreach (var info in Store.ListAsync(Key(prefix)))
            {
                Assert.Equal(info.Key.Length - _prefix.Length, info.Size);
                keys.Add(info.Key[_prefix.Length..]);
            }
            return keys;
        }
        Assert.Equal(["seg/1/a", "seg/1/b", "seg/10/x", "seg/2/b", "segment"], await ListAsync("seg"));
        Assert.Equal(["seg/1/a", "seg/1/b", "seg/10/x", "seg/2/b"], await ListAsync("seg/"));
        Assert.Equal(["seg/1/a", "seg/1/b"], await ListAsync("seg/1/"));
        Assert.Equal(names.Order(StringComparer.Ordinal), await ListAsync(""));
        Assert.Empty(await ListAsync("nothing/"));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_is_idempotent()
    {
        await Store.PutAsync(Key("d/1"), new byte[] { 1, 2, 3 });
        await Store.PutAsync(Key("d/2"), new byte[] { 4 });
        await Store.DeleteAsync(Key("d/1"));
        await Store.DeleteAsync(Key("d/1"));
        await Store.DeleteAsync(Key("never/there"));
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.GetAsync(Key("d/1")));
        var left = new List<string>();
        await foreach (var info in Store.ListAsync(Key("d/")))
        {
            left.Add(info.Key);
        }
        Assert.Equal([Key("d/2")], left);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("a\nb")]
    public async Task Invalid_keys_are_rejected_naming_the_key(string key)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new byte[] { 1 }));
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
        Assert.Throws<ArgumentException>(() => Store.ListAsync("../"));
    }

    [Fact]
    public async Task Too_long_keys_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(Key(new string('x', ObjectKey.MaxBytes)), new byte[] { 1 }));
    }
}
