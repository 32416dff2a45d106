using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Schema;

/// <summary>
/// Milvus's rules for a new collection: one primary key (Int64 or VarChar, with or without auto-ID), at least one vector
/// field, unique valid field names, at most one partition key (with its number of partitions), shards_num in
/// [1, <see cref="MaxShards"/>]. Produces the schema as the catalog stores it: field ids from <see cref="FirstFieldId"/>
/// and the dynamic field <see cref="DynamicFieldName"/> appended when the schema enables it.
/// </summary>
public static class CollectionSchemaRules
{
    public const long FirstFieldId = 100;
    public const string DynamicFieldName = "$meta";
    public const int MaxFields = 64;
    public const int MaxVectorFields = 4;
    public const int MaxShards = 16;
    public const int DefaultPartitionKeyPartitions = 16;
    public const int MaxPartitions = 1024;

    /// <summary>The validated, normalized schema and layout of a collection to create.</summary>
    public sealed record NewCollection(CollectionSchema Schema, int ShardsNum, int NumPartitions);

    public static NewCollection Validate(CreateCollectionRequest request)
    {
        MilvusNames.Validate("collection", request.CollectionName);
        CollectionSchema schema;
        try
        {
            schema = CollectionSchema.Parser.ParseFrom(request.Schema);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"The schema of collection '{request.CollectionName}' is not a valid CollectionSchema: {e.Message}");
        }
        if (schema.Name.Length > 0 && schema.Name != request.CollectionName)
        {
            throw Invalid($"The collection name '{request.CollectionName}' does not match the schema name '{schema.Name}'.");
        }
        if (schema.Functions.Count > 0)
        {
            throw Invalid($"Collection '{request.CollectionName}': collection functions ({schema.Functions[0].Name}) are not supported.");
        }
        if (schema.StructArrayFields.Count > 0)
        {
            throw Invalid($"Collection '{request.CollectionName}': struct array fields ({schema.StructArrayFields[0].Name}) are not supported.");
        }
        schema.Name = request.CollectionName;
        schema.DbName = request.DbName;
        ValidateFields(schema);
        var shards = request.ShardsNum switch
        {
            0 => 1,
            >= 1 and <= MaxShards => request.ShardsNum,
            _ => throw Invalid($"shards_num = {request.ShardsNum} is out of range; valid range is [1, {MaxShards}]."),
        };
        return new NewCollection(schema, shards, PartitionCount(schema, request.NumPartitions));
    }

    private static void ValidateFields(CollectionSchema schema)
    {
        if (schema.Fields.Count == 0)
        {
            throw Invalid($"Collection '{schema.Name}' has no fields.");
        }
        if (schema.Fields.Count > MaxFields)
        {
            throw Invalid($"Collection '{schema.Name}' has {schema.Fields.Count} fields; at most {MaxFields} are allowed.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in schema.Fields)
        {
            if (field.DefaultValue is { DataCase: ValueField.DataOneofCase.None })
            {
                field.DefaultValue = null;
            }
            FieldSchemaRules.Validate(field);
            if (!names.Add(field.Name))
            {
                throw Invalid($"Collection '{schema.Name}' has more than one field named '{field.Name}'.");
            }
        }
        ValidatePrimaryKey(schema);
        ValidateVectors(schema);
        ValidatePartitionKey(Single(schema, f => f.IsPartitionKey, "partition key"));
        Single(schema, f => f.IsClusteringKey, "clustering key");
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            schema.Fields[i].FieldID = FirstFieldId + i;
        }
        if (schema.EnableDynamicField)
        {
            schema.Fields.Add(new FieldSchema
            {
                FieldID = FirstFieldId + schema.Fields.Count,
                Name = DynamicFieldName,
                DataType = DataType.Json,
                IsDynamic = true,
                Description = "dynamic schema",
            });
        }
    }

    private static void ValidatePrimaryKey(CollectionSchema schema)
    {
        var keys = schema.Fields.Where(f => f.IsPrimaryKey).ToList();
        if (keys.Count == 0)
        {
            throw Invalid($"Collection '{schema.Name}' has no primary key field; set is_primary_key on one Int64 or VarChar field.");
        }
        if (keys.Count > 1)
        {
            throw Invalid($"Collection '{schema.Name}' has more than one primary key field: {string.Join(", ", keys.Select(f => f.Name))}.");
        }
        var key = keys[0];
        if (key.DataType is not (DataType.Int64 or DataType.VarChar))
        {
            throw Invalid($"Primary key field '{key.Name}' has data type {key.DataType}; it must be Int64 or VarChar.");
        }
        if (key.Nullable)
        {
            throw Invalid($"Primary key field '{key.Name}' cannot be nullable.");
        }
        if (key.DefaultValue is not null)
        {
            throw Invalid($"Primary key field '{key.Name}' cannot have a default value.");
        }
        if (key.IsPartitionKey)
        {
            throw Invalid($"Primary key field '{key.Name}' cannot be the partition key.");
        }
        var autoId = key.AutoID || schema.AutoID;
        if (schema.Fields.FirstOrDefault(f => f.AutoID && !f.IsPrimaryKey) is { } other)
        {
            throw Invalid($"Field '{other.Name}' sets autoID, which only the primary key field may set.");
        }
        key.AutoID = autoId;
        schema.AutoID = autoId;
    }

    private static void ValidateVectors(CollectionSchema schema)
    {
        var vectors = schema.Fields.Count(f => DataTypes.IsVector(f.DataType));
        if (vectors == 0)
        {
            throw Invalid($"Collection '{schema.Name}' has no vector field; at least one is required.");
        }
        if (vectors > MaxVectorFields)
        {
            throw Invalid($"Collection '{schema.Name}' has {vectors} vector fields; at most {MaxVectorFields} are allowed.");
        }
    }

    private static FieldSchema? Single(CollectionSchema schema, Func<FieldSchema, bool> marked, string role)
    {
        var fields = schema.Fields.Where(marked).ToList();
        return fields.Count <= 1
            ? fields.FirstOrDefault()
            : throw Invalid($"Collection '{schema.Name}' has more than one {role} field: {string.Join(", ", fields.Select(f => f.Name))}.");
    }

    private static void ValidatePartitionKey(FieldSchema? field)
    {
        if (field is null)
        {
            return;
        }
        if (field.DataType is not (DataType.Int64 or DataType.VarChar))
        {
            throw Invalid($"Partition key field '{field.Name}' has data type {field.DataType}; it must be Int64 or VarChar.");
        }
        if (field.Nullable)
        {
            throw Invalid($"Partition key field '{field.Name}' cannot be nullable.");
        }
    }

    /// <summary>
    /// How many partitions a collection starts with: with a partition key, num_partitions (default
    /// <see cref="DefaultPartitionKeyPartitions"/>) named _default_0.._default_{n-1}; otherwise the one partition _default.
    /// </summary>
    private static int PartitionCount(CollectionSchema schema, long requested)
    {
        var hasKey = schema.Fields.Any(f => f.IsPartitionKey);
        if (!hasKey)
        {
            return requested == 0
                ? 1
                : throw Invalid($"num_partitions = {requested} is given for collection '{schema.Name}', which has no partition key field; it is only valid with one.");
        }
        return requested switch
        {
            0 => DefaultPartitionKeyPartitions,
            >= 1 and <= MaxPartitions => (int)requested,
            _ => throw Invalid($"num_partitions = {requested} is out of range; valid range is [1, {MaxPartitions}]."),
        };
    }

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, message);
}
