using Google.Protobuf;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_deactivates_the_activation()
    {
        var storage = new MemoryGrainStorage();
        await using var silo = await TestSilos.StartSiloAsync(storage: storage);
        var key = $"stale-{Guid.NewGuid():N}";
        var grain = silo.GrainFactory.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, (await grain.Increment()).Value);
        var firstActivation = Describe(await grain.Describe());

        // Someone else (a duplicate activation, in real life) writes the record behind this activation's back.
        var id = new GrainId("counter", key);
        var stored = await storage.ReadAsync("counter", id, default);
        await storage.WriteAsync("counter", id, new CounterState { Count = 10 }.ToByteArray(), stored!.ETag, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment().Bounded());

        var secondActivation = Describe(await grain.Describe().Bounded());
        Assert.NotEqual(firstActivation.Identity, secondActivation.Identity);
        Assert.Equal(10, secondActivation.SeenOnActivate);
        Assert.Equal(11, (await grain.Increment()).Value);
    }

    [Fact]
    public async Task File_storage_keeps_state_across_silos_and_rejects_stale_etags_and_corrupt_files()
    {
        var root = Directory.CreateTempSubdirectory("ov-grain-state-").FullName;
        try
        {
            var key = $"file-{Guid.NewGuid():N}";
            await using (var first = await TestSilos.StartSiloAsync(configure: b => b.AddGrainStorage(PersistentStateAttribute.DefaultStorageName, new FileGrainStorage(root))))
            {
                await first.GrainFactory.GetGrain<ICounterGrain>(key).Increment();
                Assert.Equal(2, (await first.GrainFactory.GetGrain<ICounterGrain>(key).Increment()).Value);
                await first.StopAsync();
            }

            var storage = new FileGrainStorage(root);
            await using (var second = await TestSilos.StartSiloAsync(configure: b => b.AddGrainStorage(PersistentStateAttribute.DefaultStorageName, storage)))
            {
                var grain = second.GrainFactory.GetGrain<ICounterGrain>(key);
                Assert.Equal(2, Describe(await grain.Describe()).SeenOnActivate);
                Assert.Equal(3, (await grain.Increment()).Value);
                await second.StopAsync();
            }

            var id = new GrainId("counter", key);
            var current = await storage.ReadAsync("counter", id, default);
            Assert.Equal(3, CounterState.Parser.ParseFrom(current!.Data).Count);
            var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync("counter", id, Array.Empty<byte>(), "1", default));
            Assert.Equal(current.ETag, stale.StoredEtag);

            var file = Assert.Single(Directory.GetFiles(root, "*.state", SearchOption.AllDirectories));
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[^1] ^= 0xFF;
            await File.WriteAllBytesAsync(file, bytes);
            var corrupt = await Assert.ThrowsAsync<InvalidDataException>(() => storage.ReadAsync("counter", id, default));
            Assert.Contains(file, corrupt.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (long SeenOnActivate, string Identity) Describe(Text description)
    {
        var parts = description.Value.Split('|');
        return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[3]);
    }
}
