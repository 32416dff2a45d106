using OrleansVector.Grains.Collection;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime.Hosting;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

/// <summary>Load and release through the real collection and shard grains, which report their progress to the coordinator.</summary>
public sealed class LoadTests : CoordinatorTest
{
    protected override void ConfigureSilo(SiloBuilder builder) => builder.AddDataPathGrains();

    [Fact]
    public async Task Collections_and_partitions_load_release_and_stay_loaded_across_a_restart()
    {
        AssertSuccess(await Coordinator.CreateCollection(With(Simple("c"), r => r.ShardsNum = 2)));
        AssertSuccess(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p" }));
        AssertSuccess(await Coordinator.CreateIndex(IndexRequest("c", "vector", ("index_type", "FLAT"), ("metric_type", "L2"))));

        AssertSuccess(await Coordinator.LoadPartitions(new LoadPartitionsRequest { CollectionName = "c", PartitionNames = { "p" } }));
        await WaitUntilLoadedAsync("p");
        Assert.Equal(LoadState.NotLoad, (await Coordinator.GetLoadState(new GetLoadStateRequest { CollectionName = "c", PartitionNames = { "_default" } })).State);
        AssertError((await Coordinator.GetLoadingProgress(new GetLoadingProgressRequest { CollectionName = "c", PartitionNames = { "_default" } })).Status,
            MilvusErrorCode.PartitionNotLoaded, "_default");
        AssertError(await Coordinator.DropPartition(new DropPartitionRequest { CollectionName = "c", PartitionName = "p" }), MilvusErrorCode.ParameterInvalid, "'p'");

        AssertSuccess(await Coordinator.LoadCollection(new LoadCollectionRequest { CollectionName = "c" }));
        await WaitUntilLoadedAsync();
        var inMemory = await Coordinator.ShowCollections(new ShowCollectionsRequest { Type = ShowType.InMemory });
        Assert.Equal(["c"], inMemory.CollectionNames);
        Assert.Equal([100L], inMemory.InMemoryPercentages);
        AssertError(await Coordinator.DropIndex(new DropIndexRequest { CollectionName = "c", FieldName = "vector" }), MilvusErrorCode.ParameterInvalid, "release");

        AssertSuccess(await Coordinator.ReleasePartitions(new ReleasePartitionsRequest { CollectionName = "c", PartitionNames = { "_default" } }));
        Assert.Equal(["p"], (await Coordinator.ShowPartitions(new ShowPartitionsRequest { CollectionName = "c", Type = ShowType.InMemory })).PartitionNames);

        await RestartAsync();
        Assert.Equal(LoadState.Loaded, (await Coordinator.GetLoadState(new GetLoadStateRequest { CollectionName = "c", PartitionNames = { "p" } })).State);

        AssertSuccess(await Coordinator.ReleaseCollection(new ReleaseCollectionRequest { CollectionName = "c" }));
        Assert.Equal(LoadState.NotLoad, (await Coordinator.GetLoadState(new GetLoadStateRequest { CollectionName = "c" })).State);
        Assert.Empty((await Coordinator.ShowCollections(new ShowCollectionsRequest { Type = ShowType.InMemory })).CollectionNames);
        AssertSuccess(await Coordinator.DropIndex(new DropIndexRequest { CollectionName = "c", FieldName = "vector" }));
    }

    /// <summary>Polls GetLoadingProgress as the SDKs do, until 100; a failure or an endless load fails the test.</summary>
    private async Task WaitUntilLoadedAsync(string? partition = null)
    {
        var request = new GetLoadingProgressRequest { CollectionName = "c" };
        if (partition is not null)
        {
            request.PartitionNames.Add(partition);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var progress = await Coordinator.GetLoadingProgress(request);
            AssertSuccess(progress.Status);
            if (progress.Progress == 100)
            {
                return;
            }
            await Task.Delay(10, timeout.Token);
        }
    }
}
