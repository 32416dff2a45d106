using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class CatalogStoreTests : CoordinatorTest
{
    [Fact]
    public async Task A_stale_coordinator_cannot_overwrite_what_a_newer_one_wrote()
    {
        var metadata = Silo.Storage.Metadata;
        var first = new CatalogStore(metadata);
        var second = new CatalogStore(metadata);
        await first.LoadAsync(CancellationToken.None);
        await second.LoadAsync(CancellationToken.None);
        var collection = new CollectionInfo { Id = 7, DbName = "default", Name = "c" };
        await first.CommitAsync(new CatalogChange().Put(collection));

        var stale = collection.Clone();
        stale.Name = "stale";
        await Assert.ThrowsAsync<CatalogConflictException>(() => second.CommitAsync(new CatalogChange().Put(stale)));
        Assert.Null(second.State.FindByName("default", "stale"));

        var renamed = collection.Clone();
        renamed.Name = "renamed";
        await first.CommitAsync(new CatalogChange().Put(renamed));
        var reloaded = new CatalogStore(metadata);
        await reloaded.LoadAsync(CancellationToken.None);
        Assert.Equal(renamed, reloaded.State.FindCollection(7));
        Assert.Null(reloaded.State.FindByName("default", "c"));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_make_one_collection()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Coordinator.CreateCollection(Create("race", Int64Key(), Vector(dim: 2 + i)))));
        Assert.Single(attempts, s => s.Code == 0);
        Assert.All(attempts.Where(s => s.Code != 0), s => AssertError(s, MilvusErrorCode.ParameterInvalid, "race"));
        var entries = await Silo.Storage.Metadata.ScanAsync("catalog/collection/");
        Assert.Single(entries.Entries);
        var shown = await Coordinator.ShowCollections(new ShowCollectionsRequest());
        Assert.Equal(["race"], shown.CollectionNames);
    }
}
