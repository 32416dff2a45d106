using OrleansVector.Storage.ObjectStore;

namespace OrleansVector.Storage.Tests.ObjectStore;

public sealed class LocalObjectStoreTests : ObjectStoreConformanceTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ov-objects-").FullName;
    private readonly LocalObjectStore _store;

    public LocalObjectStoreTests() => _store = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = Path.Combine(_root, "store") });

    protected override IObjectStore Store => _store;

    [Fact]
    public async Task Traversal_keys_never_touch_files_outside_the_store()
    {
        var outside = Path.Combine(_root, "outside");
        await File.WriteAllTextAsync(outside, "keep");
        foreach (var key in new[] { "../outside", "../../outside", "a/../../outside", "..", "." })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, new byte[] { 1 }));
            await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key));
        }
        Assert.Equal("keep", await File.ReadAllTextAsync(outside));
    }

    [Fact]
    public async Task Leftovers_of_interrupted_puts_are_removed_and_never_listed()
    {
        var temporary = Path.Combine(_root, "store", "tmp", "interrupted");
        await File.WriteAllTextAsync(temporary, "half");
        var reopened = new LocalObjectStore(new LocalObjectStoreOptions { RootDirectory = Path.Combine(_root, "store") });
        Assert.False(File.Exists(temporary));
        await foreach (var info in reopened.ListAsync(""))
        {
            Assert.Fail($"unexpected object {info.Key}");
        }
    }

    /// <summary>
    /// Atomic replacement under concurrency. Only here: s3rver writes an object's bytes and its metadata separately,
    /// so concurrent puts there can pair one put's bytes with another's ETag (S3 and MinIO replace atomically).
    /// </summary>
    [Fact]
    public async Task Concurrent_puts_to_one_key_leave_one_whole_value()
    {
        var values = Enumerable.Range(0, 8).Select(i => RandomBytes(100_000 + i, 10 + i)).ToArray();
        await Task.WhenAll(values.Select(v => _store.PutAsync("contended", v)));
        var stored = await _store.GetAsync("contended");
        Assert.Contains(values, v => v.AsSpan().SequenceEqual(stored));
    }

    [Fact]
    public void Options_without_a_root_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new LocalObjectStore(new LocalObjectStoreOptions()));
        Assert.Contains(nameof(LocalObjectStoreOptions.RootDirectory), error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
