using Microsoft.Extensions.DependencyInjection;
using OrleansVector.Grains.Coordinator;
using OrleansVector.Grains.Hosting;
using OrleansVector.Grains.Interfaces.Coordinator;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using OrleansVector.Runtime.Configuration;
using OrleansVector.Runtime.Testing;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class FailoverTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ov-coordinator-failover-" + Guid.NewGuid().ToString("N"));
    private DatabaseStorage _storage = null!;

    public Task InitializeAsync()
    {
        _storage = DatabaseStorage.OpenLocal(new DatabaseStorageOptions { DataDirectory = _dataDirectory, FsyncObjects = false });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task After_its_silo_crashes_the_coordinator_reactivates_on_another_silo_with_the_persisted_catalog()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            InitialSilosCount = 2,
            ConfigureSilo = (builder, _) =>
            {
                builder.AddCoordinatorGrains().Services.AddSingleton(_storage);
                // A short lease, so that the crashed silo leaves the membership (and the directory) quickly.
                builder.Configure<MembershipOptions>(o =>
                {
                    o.LeaseTtl = TimeSpan.FromSeconds(2);
                    o.KeepAliveInterval = TimeSpan.FromMilliseconds(400);
                    o.FencingMargin = TimeSpan.FromMilliseconds(200);
                });
            },
        });
        var coordinator = cluster.Silos[0].GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
        AssertSuccess(await coordinator.CreateCollection(Simple("c")));
        AssertSuccess(await coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "c", Alias = "live" }));
        AssertSuccess(await coordinator.CreateIndex(IndexRequest("c", "vector")));
        var before = (await coordinator.GetCollection(new CollectionLookup { CollectionName = "live" })).Info;
        var timestamp = (await coordinator.AllocTimestamp(new AllocTimestampRequest())).Timestamp;

        var host = cluster.Silos.Single(s => s.ActivationCount > 0);
        var survivor = cluster.Silos.Single(s => s != host);
        await cluster.KillSiloAsync(host);
        await cluster.WaitForMembershipAsync(m => m.Members.Length == 1);

        var reactivated = survivor.GrainFactory.GetGrain<ICoordinatorGrain>(CoordinatorKey.Value);
        var after = await reactivated.GetCollection(new CollectionLookup { CollectionName = "live" });
        AssertSuccess(after.Status);
        Assert.Equal(before, after.Info);
        Assert.True((await reactivated.AllocTimestamp(new AllocTimestampRequest())).Timestamp > timestamp);
        AssertSuccess(await reactivated.CreateCollection(Simple("d")));
        Assert.Equal(["c", "d"], (await reactivated.ShowCollections(new ShowCollectionsRequest())).CollectionNames);
        Assert.True(survivor.ActivationCount > 0);
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
