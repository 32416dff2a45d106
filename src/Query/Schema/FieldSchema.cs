namespace OrleansVector.Query.Schema;

/// <summary>
/// What the filter language needs to know of one collection field: its name, type, the element type of an Array,
/// whether it may hold nulls and which role it plays (primary key, partition key, the dynamic <c>$meta</c> field).
/// </summary>
public sealed record FieldSchema
{
    /// <summary>The name Milvus gives the dynamic field.</summary>
    public const string DynamicFieldName = "$meta";

    public FieldSchema(string name, DataType dataType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Enum.IsDefined(dataType) || dataType == DataType.None)
        {
            throw new ArgumentOutOfRangeException(nameof(dataType), dataType, $"Field '{name}' needs a defined data type.");
        }

        Name = name;
        DataType = dataType;
    }

    public string Name { get; }

    public DataType DataType { get; }

    /// <summary>The type of the elements when <see cref="DataType"/> is Array; None otherwise.</summary>
    public DataType ElementType { get; init; }

    public bool Nullable { get; init; }

    public bool IsPrimaryKey { get; init; }

    public bool IsPartitionKey { get; init; }

    /// <summary>True for the JSON field holding the keys that are not in the schema (<c>$meta</c>).</summary>
    public bool IsDynamic { get; init; }
}
