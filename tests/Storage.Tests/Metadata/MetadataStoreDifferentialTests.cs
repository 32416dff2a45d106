using System.Text;
using OrleansVector.Etcd;
using OrleansVector.Storage.Metadata;
using OrleansVector.TestSupport;

namespace OrleansVector.Storage.Tests.Metadata;

/// <summary>
/// Random transactions applied to the local store and to etcd side by side: every outcome and the whole resulting
/// state (keys, values, versions) must agree, and the local store must hold the same state after a reopen.
/// </summary>
public sealed class MetadataStoreDifferentialTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    private static readonly string[] Keys = ["a/1", "a/2", "a/3", "b/1", "b/2", "c"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Local_store_behaves_like_etcd_on_random_transactions(int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ov-meta-diff-{Guid.NewGuid():N}");
        using var client = new EtcdClient(new EtcdClientOptions { Endpoint = etcd.ClientUrl });
        await using var remote = new EtcdMetadataStore(client, new EtcdMetadataStoreOptions { RootPath = $"diff-{Guid.NewGuid():N}/" });
        var local = LocalMetadataStore.Open(new LocalMetadataStoreOptions { Directory = dir, CompactAfterBytes = 4096 });
        try
        {
            var random = new Random(seed);
            for (var step = 0; step < 150; step++)
            {
                var localState = await StateAsync(local);
                var transaction = RandomTransaction(random, localState);
                var localResult = await local.CommitAsync(transaction);
                var remoteResult = await remote.CommitAsync(transaction);

                Assert.True(localResult.Succeeded == remoteResult.Succeeded, $"step {step}: outcome differs");
                Assert.Equal(await StateAsync(remote), await StateAsync(local));
            }
            var final = await StateAsync(local);
            await local.DisposeAsync();
            local = LocalMetadataStore.Open(new LocalMetadataStoreOptions { Directory = dir });
            Assert.Equal(final, await StateAsync(local));
        }
        finally
        {
            await local.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<List<(string Key, string Value, long Version)>> StateAsync(IMetadataStore store) =>
        [.. (await store.ScanAsync("")).Entries.Select(e => (e.Key, Encoding.UTF8.GetString(e.Value.Span), e.Version))];

    /// <summary>
    /// Conditions drawn from the current state (so both outcomes occur). etcd rejects a transaction that writes one key
    /// twice, so writes touch distinct keys, and a prefix delete stands alone.
    /// </summary>
    private static MetadataTransaction RandomTransaction(Random random, List<(string Key, string Value, long Version)> state)
    {
        var transaction = new MetadataTransaction();
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            var key = Keys[random.Next(Keys.Length)];
            var current = state.FirstOrDefault(s => s.Key == key);
            var truthful = random.Next(2) == 0;
            transaction.When(random.Next(4) switch
            {
                0 => current.Key is null == truthful ? MetadataCondition.Missing(key) : MetadataCondition.Exists(key),
                1 => MetadataCondition.VersionEquals(key, truthful ? current.Version : current.Version + 1),
                2 => MetadataCondition.ValueEquals(key, Encoding.UTF8.GetBytes(truthful && current.Value is not null ? current.Value : "other")),
                _ => MetadataCondition.Exists(key),
            });
        }
        if (random.Next(8) == 0)
        {
            return transaction.Then(MetadataOperation.DeletePrefix(random.Next(2) == 0 ? "a/" : "b/"));
        }
        foreach (var key in Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
        {
            transaction.Then(random.Next(3) == 0
                ? MetadataOperation.Delete(key)
                : MetadataOperation.Put(key, Encoding.UTF8.GetBytes($"v{random.Next(100)}")));
        }
        return transaction;
    }
}
