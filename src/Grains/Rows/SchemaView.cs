using OrleansVector.Grains.Interfaces.Messages;
using OrleansVector.Grains.Interfaces.Protocol;
using FilterField = OrleansVector.Query.Schema.FieldSchema;
using FilterSchema = OrleansVector.Query.Schema.CollectionSchema;
using FilterType = OrleansVector.Query.Schema.DataType;

namespace OrleansVector.Grains.Rows;

/// <summary>
/// A collection's schema as the data path reads it: fields by name, the primary key, the partition key, the dynamic
/// <c>$meta</c> field (appended when the collection enables dynamic fields and the coordinator did not add it), and the
/// schema the filter language compiles against.
/// </summary>
internal sealed class SchemaView
{
    /// <summary>Collection property that lets inserts carry primary keys of an auto-ID collection.</summary>
    public const string AllowInsertAutoIdProperty = "allow_insert_auto_id";

    private readonly Dictionary<string, FieldSpec> _byName = new(StringComparer.Ordinal);

    public SchemaView(CollectionInfo collection)
    {
        Collection = collection;
        var schema = collection.Schema ?? throw new ArgumentException($"Collection {collection.Id} has no schema.", nameof(collection));
        List<FieldSpec> fields = [.. schema.Fields.Select(f => new FieldSpec(f))];
        if (schema.EnableDynamicField && !fields.Any(f => f.IsDynamic))
        {
            var nextId = fields.Count == 0 ? 100 : fields.Max(f => f.Id) + 1;
            fields.Add(new FieldSpec(new FieldSchema { Name = FilterField.DynamicFieldName, DataType = DataType.Json, IsDynamic = true, FieldID = nextId }));
        }
        Fields = fields;
        foreach (var field in fields)
        {
            _byName[field.Name] = field;
        }
        PrimaryKey = fields.FirstOrDefault(f => f.IsPrimaryKey)
            ?? throw new ArgumentException($"Collection {collection.Id} has no primary key field.", nameof(collection));
        PartitionKey = fields.FirstOrDefault(f => f.IsPartitionKey);
        Dynamic = fields.FirstOrDefault(f => f.IsDynamic);
        AutoId = PrimaryKey.Schema.AutoID || schema.AutoID;
        AllowInsertAutoId = collection.Properties.Any(p => p.Key == AllowInsertAutoIdProperty && bool.TryParse(p.Value, out var on) && on);
        FilterSchema = new FilterSchema(fields.Where(f => Enum.IsDefined((FilterType)f.Type)).Select(ToFilterField));
    }

    public CollectionInfo Collection { get; }

    /// <summary>Schema order, <c>$meta</c> last.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    public FieldSpec PrimaryKey { get; }

    public FieldSpec? PartitionKey { get; }

    public FieldSpec? Dynamic { get; }

    public bool AutoId { get; }

    public bool AllowInsertAutoId { get; }

    public FilterSchema FilterSchema { get; }

    public IEnumerable<FieldSpec> VectorFields => Fields.Where(f => f.IsVector);

    public bool TryGetField(string name, out FieldSpec field) => _byName.TryGetValue(name, out field!);

    private static FilterField ToFilterField(FieldSpec field) => new(field.Name, (FilterType)field.Type)
    {
        ElementType = (FilterType)field.ElementType,
        Nullable = field.Nullable,
        IsPrimaryKey = field.IsPrimaryKey,
        IsPartitionKey = field.IsPartitionKey,
        IsDynamic = field.IsDynamic,
    };
}
