using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;
using static OrleansVector.Grains.Tests.Coordinator.Schemas;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Tests.Coordinator;

public sealed class CollectionSchemaTests : CoordinatorTest
{
    [Fact]
    public async Task Describe_reports_field_ids_from_100_channels_and_layout_and_hides_the_dynamic_field()
    {
        var schema = new CollectionSchema { EnableDynamicField = true };
        var request = Create("docs", schema, Int64Key(autoId: true), Vector(dim: 128), VarChar("title", 200));
        request.ShardsNum = 3;
        request.Properties.Add(new KeyValuePair { Key = "collection.ttl.seconds", Value = "60" });
        AssertSuccess(await Coordinator.CreateCollection(request));

        var described = await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "docs" });
        AssertSuccess(described.Status);
        Assert.Equal(["id", "vector", "title"], described.Schema.Fields.Select(f => f.Name));
        Assert.Equal([100L, 101L, 102L], described.Schema.Fields.Select(f => f.FieldID));
        Assert.True(described.Schema.Fields[0].AutoID);
        Assert.True(described.Schema.AutoID);
        Assert.True(described.Schema.EnableDynamicField);
        Assert.Equal("docs", described.CollectionName);
        Assert.Equal("default", described.DbName);
        Assert.Equal(3, described.ShardsNum);
        Assert.Equal(3, described.VirtualChannelNames.Distinct().Count());
        Assert.All(described.VirtualChannelNames, c => Assert.EndsWith($"_{described.CollectionID}v{described.VirtualChannelNames.IndexOf(c)}", c));
        Assert.Equal(ConsistencyLevel.Bounded, described.ConsistencyLevel);
        Assert.Equal(1, described.NumPartitions);
        Assert.NotEqual(0UL, described.CreatedTimestamp);
        Assert.Equal("60", described.Properties.Single(p => p.Key == "collection.ttl.seconds").Value);

        // The stored schema, which the data path reads, keeps $meta with the next field id.
        var stored = await Coordinator.GetCollection(new CollectionLookup { CollectionName = "docs" });
        AssertSuccess(stored.Status);
        var meta = stored.Info.Schema.Fields.Single(f => f.IsDynamic);
        Assert.Equal(("$meta", 103L, DataType.Json), (meta.Name, meta.FieldID, meta.DataType));
        Assert.Equal(described.CollectionID, stored.Info.Id);
        Assert.Equal(["_default"], stored.Info.Partitions.Select(p => p.Name));
    }

    [Fact]
    public async Task Partition_key_creates_the_default_partitions_as_Milvus_names_them()
    {
        var key = Scalar("tenant", DataType.Int64);
        key.IsPartitionKey = true;
        AssertSuccess(await Coordinator.CreateCollection(Create("by_tenant", Int64Key(), Vector(), key)));
        var withFour = Create("four", Int64Key(), Vector(), key.Clone());
        withFour.NumPartitions = 4;
        AssertSuccess(await Coordinator.CreateCollection(withFour));

        var partitions = await Coordinator.ShowPartitions(new ShowPartitionsRequest { CollectionName = "by_tenant" });
        Assert.Equal(Enumerable.Range(0, 16).Select(i => $"_default_{i}"), partitions.PartitionNames);
        Assert.Equal(16, partitions.PartitionIDs.Distinct().Count());
        var four = await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "four" });
        Assert.Equal(4, four.NumPartitions);
        AssertError(await Coordinator.CreatePartition(new CreatePartitionRequest { CollectionName = "four", PartitionName = "p1" }),
            MilvusErrorCode.ParameterInvalid, "tenant");
    }

    [Fact]
    public async Task Nullable_fields_and_default_values_are_kept()
    {
        var age = Scalar("age", DataType.Int32);
        age.Nullable = true;
        var label = VarChar("label", 16);
        label.DefaultValue = new ValueField { StringData = "none" };
        AssertSuccess(await Coordinator.CreateCollection(Create("people", VarCharKey(), Vector(dim: 2), age, label)));

        var fields = (await Coordinator.DescribeCollection(new DescribeCollectionRequest { CollectionName = "people" })).Schema.Fields;
        Assert.True(fields.Single(f => f.Name == "age").Nullable);
        Assert.Equal("none", fields.Single(f => f.Name == "label").DefaultValue.StringData);
        Assert.Equal(DataType.VarChar, fields.Single(f => f.IsPrimaryKey).DataType);
    }

    [Fact]
    public async Task Creating_the_same_collection_again_succeeds_and_a_different_one_under_that_name_fails()
    {
        AssertSuccess(await Coordinator.CreateCollection(Simple("twice")));
        AssertSuccess(await Coordinator.CreateCollection(Simple("twice")));
        AssertError(await Coordinator.CreateCollection(Create("twice", Int64Key(), Vector(dim: 16))), MilvusErrorCode.ParameterInvalid, "twice");
        var shown = await Coordinator.ShowCollections(new ShowCollectionsRequest());
        Assert.Equal(["twice"], shown.CollectionNames);
    }

    public static TheoryData<string, MilvusErrorCode, string> BadSchemas => new()
    {
        { "no primary key", MilvusErrorCode.ParameterInvalid, "primary key" },
        { "two primary keys", MilvusErrorCode.ParameterInvalid, "more than one primary key" },
        { "float primary key", MilvusErrorCode.ParameterInvalid, "'id'" },
        { "nullable primary key", MilvusErrorCode.ParameterInvalid, "'id'" },
        { "no vector field", MilvusErrorCode.ParameterInvalid, "vector field" },
        { "dim 1", MilvusErrorCode.ParameterInvalid, "'vector'" },
        { "dim 32769", MilvusErrorCode.ParameterInvalid, "[2, 32768]" },
        { "dim not a number", MilvusErrorCode.ParameterInvalid, "'vector'" },
        { "dim missing", MilvusErrorCode.ParameterMissing, "'vector'" },
        { "binary dim 12", MilvusErrorCode.ParameterInvalid, "'bits'" },
        { "varchar max_length 0", MilvusErrorCode.ParameterInvalid, "'title'" },
        { "varchar max_length 65536", MilvusErrorCode.ParameterInvalid, "[1, 65535]" },
        { "varchar max_length missing", MilvusErrorCode.ParameterMissing, "max_length" },
        { "collection name starts with a digit", MilvusErrorCode.ParameterInvalid, "1st" },
        { "collection name with a dash", MilvusErrorCode.ParameterInvalid, "a-b" },
        { "collection name of 256 characters", MilvusErrorCode.ParameterInvalid, "255" },
        { "field name with a space", MilvusErrorCode.FieldInvalidName, "my field" },
        { "duplicate field names", MilvusErrorCode.ParameterInvalid, "'vector'" },
        { "17 shards", MilvusErrorCode.ParameterInvalid, "shards_num" },
        { "num_partitions without partition key", MilvusErrorCode.ParameterInvalid, "num_partitions" },
        { "two partition keys", MilvusErrorCode.ParameterInvalid, "partition key" },
        { "float partition key", MilvusErrorCode.ParameterInvalid, "'score'" },
        { "nullable vector", MilvusErrorCode.ParameterInvalid, "'vector'" },
        { "default of the wrong type", MilvusErrorCode.ParameterInvalid, "'age'" },
        { "default longer than max_length", MilvusErrorCode.ParameterInvalid, "'title'" },
        { "array without max_capacity", MilvusErrorCode.ParameterMissing, "max_capacity" },
        { "unsupported data type", MilvusErrorCode.ParameterInvalid, "Geometry" },
        { "schema name differs", MilvusErrorCode.ParameterInvalid, "other" },
    };

    [Theory]
    [MemberData(nameof(BadSchemas))]
    public async Task Bad_schemas_are_rejected_with_the_Milvus_code_and_nothing_is_written(string problem, MilvusErrorCode code, string named)
    {
        var request = BadSchema(problem);
        AssertError(await Coordinator.CreateCollection(request), code, named);
        var shown = await Coordinator.ShowCollections(new ShowCollectionsRequest());
        Assert.Empty(shown.CollectionNames);
    }

    private static CreateCollectionRequest BadSchema(string problem)
    {
        var longName = new string('c', 256);
        return problem switch
        {
            "no primary key" => Create("c", Scalar("id", DataType.Int64), Vector()),
            "two primary keys" => Create("c", Int64Key(), Int64Key("id2"), Vector()),
            "float primary key" => Create("c", new FieldSchema { Name = "id", DataType = DataType.Float, IsPrimaryKey = true }, Vector()),
            "nullable primary key" => Create("c", With(Int64Key(), f => f.Nullable = true), Vector()),
            "no vector field" => Create("c", Int64Key(), Scalar("x", DataType.Int32)),
            "dim 1" => Create("c", Int64Key(), Vector(dim: 1)),
            "dim 32769" => Create("c", Int64Key(), Vector(dim: 32769)),
            "dim not a number" => Create("c", Int64Key(), With(new FieldSchema { Name = "vector", DataType = DataType.FloatVector },
                f => f.TypeParams.Add(new KeyValuePair { Key = "dim", Value = "eight" }))),
            "dim missing" => Create("c", Int64Key(), new FieldSchema { Name = "vector", DataType = DataType.FloatVector }),
            "binary dim 12" => Create("c", Int64Key(), Vector("bits", 12, DataType.BinaryVector)),
            "varchar max_length 0" => Create("c", Int64Key(), Vector(), VarChar("title", 0)),
            "varchar max_length 65536" => Create("c", Int64Key(), Vector(), VarChar("title", 65536)),
            "varchar max_length missing" => Create("c", Int64Key(), Vector(), Scalar("title", DataType.VarChar)),
            "collection name starts with a digit" => Simple("1st"),
            "collection name with a dash" => Simple("a-b"),
            "collection name of 256 characters" => Simple(longName),
            "field name with a space" => Create("c", Int64Key(), Vector("my field")),
            "duplicate field names" => Create("c", Int64Key(), Vector(), Vector()),
            "17 shards" => With(Simple("c"), r => r.ShardsNum = 17),
            "num_partitions without partition key" => With(Simple("c"), r => r.NumPartitions = 8),
            "two partition keys" => Create("c", Int64Key(), Vector(), PartitionKey("a", DataType.Int64), PartitionKey("b", DataType.Int64)),
            "float partition key" => Create("c", Int64Key(), Vector(), PartitionKey("score", DataType.Float)),
            "nullable vector" => Create("c", Int64Key(), With(Vector(), f => f.Nullable = true)),
            "default of the wrong type" => Create("c", Int64Key(), Vector(), With(Scalar("age", DataType.Int32), f => f.DefaultValue = new ValueField { StringData = "x" })),
            "default longer than max_length" => Create("c", Int64Key(), Vector(), With(VarChar("title", 3), f => f.DefaultValue = new ValueField { StringData = "four" })),
            "array without max_capacity" => Create("c", Int64Key(), Vector(), new FieldSchema { Name = "tags", DataType = DataType.Array, ElementType = DataType.Int64 }),
            "unsupported data type" => Create("c", Int64Key(), Vector(), Scalar("shape", DataType.Geometry)),
            "schema name differs" => With(Simple("c"), r => r.Schema = new CollectionSchema { Name = "other", Fields = { Int64Key(), Vector() } }.ToByteString()),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "no such case"),
        };
    }

    private static FieldSchema PartitionKey(string name, DataType type) => With(Scalar(name, type), f => f.IsPartitionKey = true);
}
