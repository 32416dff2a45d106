using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using OrleansVector.Grains.Interfaces.Protocol;
using KeyValuePair = OrleansVector.Grains.Interfaces.Protocol.KeyValuePair;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// Collection schemas as REST v2 writes them (data types by their proto enum names, case-sensitive, as Milvus requires)
/// and as describe returns them.
/// </summary>
public static class RestSchema
{
    private static readonly EnumDescriptor DataTypes = SchemaReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(DataType));
    private static readonly EnumDescriptor LoadStates = CommonReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(LoadState));

    /// <summary>The proto name Milvus's REST answers use ("LoadStateLoaded"), which C# shortens.</summary>
    public static string LoadStateName(LoadState state) => LoadStates.FindValueByNumber((int)state)?.Name ?? state.ToString();

    public static DataType ParseType(string name, string parameter) => DataTypes.FindValueByName(name) is { } value
        ? (DataType)value.Number
        : throw new RestParameterException(RestError.IncorrectParameterFormat, $"incorrect parameter format: '{parameter}' has no data type named '{name}'");

    public static string TypeName(DataType type) => DataTypes.FindValueByNumber((int)type)?.Name ?? type.ToString();

    /// <summary>Quick setup: an Int64 or VarChar primary key, one float vector field, the dynamic field on unless said otherwise.</summary>
    public static CollectionSchema QuickSetup(RestCall call, string collection)
    {
        var dimension = call.OptionalLong("dimension") ?? throw RestCall.Missing("dimension");
        var parameters = call.OptionalObject("params") ?? [];
        var idType = ParseType(call.OptionalString("idType") ?? nameof(DataType.Int64), "idType");
        var primary = new FieldSchema
        {
            Name = call.OptionalString("primaryFieldName") ?? "id",
            DataType = idType,
            IsPrimaryKey = true,
            AutoID = call.OptionalBool("autoID") ?? false,
        };
        if (idType == DataType.VarChar)
        {
            primary.TypeParams.Add(new KeyValuePair { Key = "max_length", Value = Text(parameters["max_length"]) ?? "65535" });
        }
        var vector = new FieldSchema { Name = call.OptionalString("vectorFieldName") ?? "vector", DataType = DataType.FloatVector };
        vector.TypeParams.Add(new KeyValuePair { Key = "dim", Value = dimension.ToString(CultureInfo.InvariantCulture) });
        return new CollectionSchema
        {
            Name = collection,
            AutoID = primary.AutoID,
            EnableDynamicField = parameters["enableDynamicField"] is not JsonValue dynamic || dynamic.GetValueKind() != JsonValueKind.False,
            Fields = { primary, vector },
        };
    }

    /// <summary>A custom schema: {autoID, enableDynamicField, fields: [{fieldName, dataType, isPrimary, elementTypeParams, ...}]}.</summary>
    public static CollectionSchema FromJson(JsonObject json, string collection)
    {
        var autoId = Flag(json, "autoID");
        var schema = new CollectionSchema { Name = collection, AutoID = autoId, EnableDynamicField = Flag(json, "enableDynamicField") };
        if (json["fields"] is not JsonArray fields)
        {
            throw RestCall.Missing("schema.fields");
        }
        foreach (var node in fields)
        {
            if (node is not JsonObject field)
            {
                throw RestCall.Format("schema.fields[]", "an object", node);
            }
            var name = Text(field["fieldName"]) ?? throw RestCall.Missing("fieldName");
            var type = ParseType(Text(field["dataType"]) ?? throw RestCall.Missing("dataType"), $"{name}.dataType");
            var schemaField = new FieldSchema
            {
                Name = name,
                DataType = type,
                IsPrimaryKey = Flag(field, "isPrimary"),
                IsPartitionKey = Flag(field, "isPartitionKey"),
                IsClusteringKey = Flag(field, "isClusteringKey"),
                Nullable = Flag(field, "nullable"),
                Description = Text(field["description"]) ?? "",
            };
            schemaField.AutoID = schemaField.IsPrimaryKey && autoId;
            if (Text(field["elementDataType"]) is { } element)
            {
                schemaField.ElementType = ParseType(element, $"{name}.elementDataType");
            }
            if (field["elementTypeParams"] is JsonObject typeParams)
            {
                schemaField.TypeParams.AddRange(typeParams.Select(p => new KeyValuePair { Key = p.Key, Value = Text(p.Value) ?? "" }));
            }
            schema.Fields.Add(schemaField);
        }
        return schema;
    }

    /// <summary>The fields part of collections/describe.</summary>
    public static JsonArray FieldsToJson(CollectionSchema schema) => new(schema.Fields.Where(f => !f.IsDynamic).Select(f =>
    {
        var field = new JsonObject
        {
            ["name"] = f.Name,
            ["id"] = f.FieldID,
            ["type"] = TypeName(f.DataType),
            ["primaryKey"] = f.IsPrimaryKey,
            ["autoId"] = f.AutoID,
            ["partitionKey"] = f.IsPartitionKey,
            ["clusteringKey"] = f.IsClusteringKey,
            ["nullable"] = f.Nullable,
            ["description"] = f.Description,
            ["params"] = Pairs(f.TypeParams),
        };
        if (f.DataType == DataType.Array)
        {
            field["elementType"] = TypeName(f.ElementType);
        }
        return (JsonNode)field;
    }).ToArray());

    /// <summary>[{key, value}] as Milvus's REST answers render key-value pairs.</summary>
    public static JsonArray Pairs(IEnumerable<KeyValuePair> pairs) =>
        new(pairs.Select(p => (JsonNode)new JsonObject { ["key"] = p.Key, ["value"] = p.Value }).ToArray());

    /// <summary>A string, number or boolean as Milvus's string-valued parameters hold it.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static bool Flag(JsonObject owner, string name) => owner[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
