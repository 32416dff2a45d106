using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class CatalogTests : CoordinatorTest
{
    [Fact]
    public async Task The_default_database_exists_and_others_come_and_go()
    {
        Assert.Equal(["default"], (await Coordinator.ListDatabases(new ListDatabasesRequest())).DbNames);
        AssertSuccess(await Coordinator.CreateDatabase(new CreateDatabaseRequest { DbName = "analytics" }));
        AssertError(await Coordinator.CreateDatabase(new CreateDatabaseRequest { DbName = "analytics" }), MilvusErrorCode.ParameterInvalid, "analytics");
        AssertError(await Coordinator.CreateDatabase(new CreateDatabaseRequest { DbName = "bad-name" }), MilvusErrorCode.DatabaseInvalidName, "bad-name");
        AssertError(await Coordinator.CreateCollection(With(Simple("c"), r => r.DbName = "nowhere")), MilvusErrorCode.DatabaseNotFound, "nowhere");

        var inAnalytics = Simple("events");
        inAnalytics.DbName = "analytics";
        AssertSuccess(await Coordinator.CreateCollection(inAnalytics));
        Assert.False((await Coordinator.HasCollection(new HasCollectionRequest { CollectionName = "events" })).Value);
        Assert.True((await Coordinator.HasCollection(new HasCollectionRequest { DbName = "analytics", CollectionName = "events" })).Value);
        AssertError(await Coordinator.DropDatabase(new DropDatabaseRequest { DbName = "analytics" }), MilvusErrorCode.ParameterInvalid, "events");
        AssertError(await Coordinator.DropDatabase(new DropDatabaseRequest { DbName = "default" }), MilvusErrorCode.ParameterInvalid, "default");

        AssertSuccess(await Coordinator.DropCollection(new DropCollectionRequest { DbName = "analytics", CollectionName = "events" }));
        AssertSuccess(await Coordinator.DropDatabase(new DropDatabaseRequest { DbName = "analytics" }));
        Assert.Equal(["default"], (await Coordinator.ListDatabases(new ListDatabasesRequest())).DbNames);
    }

    [Fact]
    public async Task Unknown_collections_answer_100_with_the_legacy_code_every_SDK_reads()
    {
        var described = await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "missing" });
        AssertError(described.Status, MilvusErrorCode.CollectionNotFound, "missing");
        Assert.Equal(ErrorCode.CollectionNotExists, described.Status.ErrorCode);
        AssertError((await Coordinator.GetCollection(new CollectionLookup { CollectionName = "missing" })).Status, MilvusErrorCode.CollectionNotFound, "missing");
        AssertError(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "missing", PartitionName = "p" }), MilvusErrorCode.CollectionNotFound, "missing");
        AssertError(await Coordinator.RenameCollection(new RenameCollectionRequest { OldName = "missing", NewName = "other" }), MilvusErrorCode.CollectionNotFound, "missing");
        Assert.False((await Coordinator.HasCollection(new HasCollectionRequest { CollectionName = "missing" })).Value);
        // Dropping what does not exist is idempotent, as in Milvus.
        AssertSuccess(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "missing" }));
    }

    [Fact]
    public async Task Drop_rename_and_alter_change_what_describe_and_show_report()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("a")));
        AssertSuccess(await Coordinator.CreateCollection(Simple("b")));
        var id = (await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "a" })).CollectionID;

        AssertError(await Coordinator.RenameCollection(new RenameCollectionRequest { OldName = "a", NewName = "b" }), MilvusErrorCode.ParameterInvalid, "'b'");
        AssertError(await Coordinator.RenameCollection(new RenameCollectionRequest { OldName = "a", NewName = "no good" }), MilvusErrorCode.ParameterInvalid, "no good");
        AssertSuccess(await Coordinator.RenameCollection(new RenameCollectionRequest { OldName = "a", NewName = "renamed" }));
        var renamed = await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "renamed" });
        Assert.Equal((id, "renamed", "renamed"), (renamed.CollectionID, renamed.CollectionName, renamed.Schema.Name));
        Assert.False((await Coordinator.HasCollection(new HasCollectionRequest { CollectionName = "a" })).Value);

        var alter = new AlterCollectionRequest { CollectionName = "renamed" };
        alter.Properties.Add(new KeyValuePair { Key = "mmap.enabled", Value = "true" });
        alter.Properties.Add(new KeyValuePair { Key = "collection.ttl.seconds", Value = "100" });
        AssertSuccess(await Coordinator.AlterCollection(alter));
        var dropKey = new AlterCollectionRequest { CollectionName = "renamed" };
        dropKey.DeleteKeys.Add("mmap.enabled");
        AssertSuccess(await Coordinator.AlterCollection(dropKey));
        var badTtl = new AlterCollectionRequest { CollectionName = "renamed" };
        badTtl.Properties.Add(new KeyValuePair { Key = "collection.ttl.seconds", Value = "-1" });
        AssertError(await Coordinator.AlterCollection(badTtl), MilvusErrorCode.ParameterInvalid, "collection.ttl.seconds");
        var properties = (await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionID = id })).Properties;
        Assert.Equal([("collection.ttl.seconds", "100")], properties.Select(p => (p.Key, p.Value)));

        AssertSuccess(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "renamed" }));
        Assert.Equal(["b"], (await Coordinator.ShowCollections(new ShowCollectionsRequest())).CollectionNames);
        AssertError((await Coordinator.GetCollection(new CollectionLookup { CollectionId = id })).Status, MilvusErrorCode.CollectionNotFound, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Partitions_default_always_exists_and_loaded_ones_cannot_be_dropped()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("c")));
        AssertSuccess(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p1" }));
        AssertSuccess(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p1" }));
        AssertError(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "c", PartitionName = "p-2" }), MilvusErrorCode.ParameterInvalid, "p-2");
        Assert.True((await Coordinator.HasPartition(new HasPartitionRequest { CollectionName = "c", PartitionName = "p1" })).Value);
        Assert.Equal(["_default", "p1"], (await Coordinator.ShowPartitions(new ShowPartitionsRequest { CollectionName = "c" })).PartitionNames);
        AssertError((await Coordinator.ShowPartitions(new ShowPartitionsRequest { CollectionName = "c", PartitionNames = { "nope" } })).Status,
            MilvusErrorCode.PartitionNotFound, "nope");

        AssertError(await Coordinator.DropPartition(new DropPartitionRequest { CollectionName = "c", PartitionName = "_default" }), MilvusErrorCode.ParameterInvalid, "_default");
        AssertSuccess(await Coordinator.DropPartition(new DropPartitionRequest { CollectionName = "c", PartitionName = "p1" }));
        Assert.False((await Coordinator.HasPartition(new HasPartitionRequest { CollectionName = "c", PartitionName = "p1" })).Value);
    }

    [Fact]
    public async Task Aliases_resolve_everywhere_a_collection_name_does()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("v1")));
        AssertSuccess(await Coordinator.CreateCollection(Simple("v2")));
        AssertSuccess(await Coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "v1", Alias = "live" }));
        AssertSuccess(await Coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "v1", Alias = "live" }));
        AssertError(await Coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "v2", Alias = "live" }), MilvusErrorCode.AliasAlreadyExists, "live");
        AssertError(await Coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "v2", Alias = "v1" }), MilvusErrorCode.AliasCollectionNameConflict, "v1");
        AssertError(await Coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "missing", Alias = "x" }), MilvusErrorCode.CollectionNotFound, "missing");
        AssertError(await Coordinator.CreateAlias(new CreateAliasRequest { CollectionName = "live", Alias = "x" }), MilvusErrorCode.ParameterInvalid, "live");

        var v1 = (await Coordinator.GetCollection(new CollectionLookup { CollectionName = "v1" })).Info;
        var viaAlias = await Coordinator.GetCollection(new CollectionLookup { CollectionName = "live" });
        AssertSuccess(viaAlias.Status);
        Assert.Equal(v1.Id, viaAlias.Info.Id);
        Assert.Equal(["live"], viaAlias.Info.Aliases);
        Assert.Equal("v1", (await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "live" })).CollectionName);
        Assert.True((await Coordinator.HasCollection(new HasCollectionRequest { CollectionName = "live" })).Value);
        Assert.Equal("v1", (await Coordinator.DescribeAlias(new DescribeAliasRequest { Alias = "live" })).Collection);
        AssertError(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "v1" }), MilvusErrorCode.ParameterInvalid, "live");
        AssertError(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "live" }), MilvusErrorCode.ParameterInvalid, "alias");

        AssertSuccess(await Coordinator.AlterAlias(new AlterAliasRequest { CollectionName = "v2", Alias = "live" }));
        Assert.Equal("v2", (await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "live" })).CollectionName);
        Assert.Empty((await Coordinator.ListAliases(new ListAliasesRequest { CollectionName = "v1" })).Aliases);
        Assert.Equal(["live"], (await Coordinator.ListAliases(new ListAliasesRequest())).Aliases);
        AssertError(await Coordinator.AlterAlias(new AlterAliasRequest { CollectionName = "v1", Alias = "dead" }), MilvusErrorCode.AliasNotFound, "dead");

        AssertSuccess(await Coordinator.DropAlias(new DropAliasRequest { Alias = "live" }));
        AssertError((await Coordinator.DescribeAlias(new DescribeAliasRequest { Alias = "live" })).Status, MilvusErrorCode.AliasNotFound, "live");
        AssertError((await Coordinator.GetCollection(new CollectionLookup { CollectionName = "live" })).Status, MilvusErrorCode.CollectionNotFound, "live");
        AssertSuccess(await Coordinator.DropCollection(new DropCollectionRequest { CollectionName = "v1" }));
    }
}
