using System.Globalization;
using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Grains.Tests.Data;

/// <summary>Collection schemas for tests, in the shape the coordinator records them (field ids from 100).</summary>
internal static class TestCollections
{
    public static FieldSchema PrimaryKey(string name = "id", bool autoId = false) =>
        new() { Name = name, DataType = DataType.Int64, IsPrimaryKey = true, AutoID = autoId };

    public static FieldSchema VarCharKey(string name, int maxLength) =>
        new() { Name = name, DataType = DataType.VarChar, IsPrimaryKey = true, TypeParams = { Param("max_length", maxLength) } };

    public static FieldSchema Vector(string name, int dim) =>
        new() { Name = name, DataType = DataType.FloatVector, TypeParams = { Param("dim", dim) } };

    public static FieldSchema Scalar(string name, DataType type) => new() { Name = name, DataType = type };

    public static FieldSchema VarChar(string name, int maxLength) =>
        new() { Name = name, DataType = DataType.VarChar, TypeParams = { Param("max_length", maxLength) } };

    public static CollectionInfo Info(string name, bool dynamic, params FieldSchema[] fields)
    {
        var schema = new CollectionSchema { Name = name, EnableDynamicField = dynamic };
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i].Clone();
            field.FieldID = 100 + i;
            schema.Fields.Add(field);
        }
        return new CollectionInfo
        {
            Id = 1,
            Name = name,
            DbName = "default",
            Schema = schema,
            Partitions = { new PartitionInfo { Id = 11, Name = "_default" } },
            VirtualChannels = { "by-dev-rootcoord-dml_0_1v0" },
        };
    }

    private static KeyValuePair Param(string key, int value) => new() { Key = key, Value = value.ToString(CultureInfo.InvariantCulture) };
}
