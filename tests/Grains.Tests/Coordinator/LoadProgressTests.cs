using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

/// <summary>Load progress as the coordinator records it from reports (sent here by the test, as a collection grain would).</summary>
public sealed class LoadProgressTests : CoordinatorTest
{
    [Fact]
    public async Task Progress_follows_the_reports_a_failure_is_reported_and_100_makes_the_collection_loaded()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        AssertError(await Coordinator.LoadCollection(new LoadCollectionRequest { CollectionName = "c" }), MilvusErrorCode.IndexNotFound, "'vector'");
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "vector")));
        var id = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "c" })).Info.Id;
        AssertError((await Progress()).Status, MilvusErrorCode.CollectionNotLoaded, "'c'");

        AssertSuccess(await Coordinator.LoadCollection(new LoadCollectionRequest { CollectionName = "c" }));
        Assert.Equal(LoadState.Loading, (await Coordinator.GetLoadState(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.Equal(0, (await Progress()).Progress);
        AssertSuccess(await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = id, Progress = 40 }));
        Assert.Equal(40, (await Progress()).Progress);
        AssertSuccess(await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = id, Progress = 50, FailReason = "shard 1 is out of memory" }));
        AssertError((await Progress()).Status, MilvusErrorCode.ServiceInternal, "shard 1 is out of memory");

        // Loading again starts over; 100 completes it, and a late report changes nothing.
        AssertSuccess(await Coordinator.LoadCollection(new LoadCollectionRequest { CollectionName = "c" }));
        Assert.Equal(0, (await Progress()).Progress);
        AssertSuccess(await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = id, Progress = 100 }));
        AssertSuccess(await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = id, Progress = 30 }));
        Assert.Equal(100, (await Progress()).Progress);
        Assert.Equal(LoadState.Loaded, (await Coordinator.GetLoadState(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.Equal(LoadState.Loaded, (await Coordinator.GetCollection(new CollectionLookup { CollectionId = id })).Info.LoadState);

        AssertSuccess(await Coordinator.ReleaseCollection(new ReleaseCollectionRequest { CollectionName = "c" }));
        Assert.Equal(LoadState.NotLoad, (await Coordinator.GetLoadState(new GetLoadStateRequest { CollectionName = "c" })).State);
        AssertError((await Progress()).Status, MilvusErrorCode.CollectionNotLoaded, "'c'");
        AssertError(await Coordinator.ReportLoadProgress(new LoadProgressReport { CollectionId = id + 1000 }), MilvusErrorCode.CollectionNotFound, "does not exist");
    }

    private Task<GetLoadingProgressResponse> Progress() => Coordinator.GetLoadingProgress(new GetLoadingProgressRequest { CollectionName = "c" });
}
