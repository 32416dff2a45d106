namespace OrleansVector.Query.Schema;

/// <summary>The fields of a collection as the filter language resolves names against them.</summary>
public sealed class CollectionSchema
{
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.Ordinal);

    public CollectionSchema(IEnumerable<FieldSchema> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = [.. fields];
        for (var i = 0; i < Fields.Count; i++)
        {
            var field = Fields[i];
            Validate(field);
            if (!_ordinals.TryAdd(field.Name, i))
            {
                throw new ArgumentException($"Field name '{field.Name}' appears more than once.", nameof(fields));
            }

            if (field.IsPrimaryKey)
            {
                PrimaryKey = PrimaryKey is null ? field : throw new ArgumentException($"Fields '{PrimaryKey.Name}' and '{field.Name}' are both marked primary key.", nameof(fields));
            }

            if (field.IsPartitionKey)
            {
                PartitionKey = PartitionKey is null ? field : throw new ArgumentException($"Fields '{PartitionKey.Name}' and '{field.Name}' are both marked partition key.", nameof(fields));
            }

            if (field.IsDynamic)
            {
                DynamicField = DynamicField is null ? field : throw new ArgumentException("A schema holds at most one dynamic field.", nameof(fields));
            }
        }
    }

    public IReadOnlyList<FieldSchema> Fields { get; }

    public FieldSchema? PrimaryKey { get; }

    public FieldSchema? PartitionKey { get; }

    /// <summary>The <c>$meta</c> JSON field when the collection enables dynamic fields.</summary>
    public FieldSchema? DynamicField { get; }

    /// <summary>Finds a field by its exact (case-sensitive) name.</summary>
    public bool TryGetField(string name, out FieldSchema field, out int ordinal)
    {
        if (_ordinals.TryGetValue(name, out ordinal))
        {
            field = Fields[ordinal];
            return true;
        }

        field = null!;
        return false;
    }

    /// <summary>The position of <paramref name="field"/> in <see cref="Fields"/>.</summary>
    public int OrdinalOf(FieldSchema field) => _ordinals[field.Name];

    private static void Validate(FieldSchema field)
    {
        if (field.DataType == DataType.Array)
        {
            if (!DataTypes.IsArrayElement(field.ElementType))
            {
                throw new ArgumentException($"Array field '{field.Name}' has element type {field.ElementType}; it must be Bool, an integer, Float, Double or VarChar.", nameof(field));
            }
        }
        else if (field.ElementType != DataType.None)
        {
            throw new ArgumentException($"Field '{field.Name}' of type {field.DataType} cannot have an element type.", nameof(field));
        }

        if (field.IsPrimaryKey && field.DataType is not (DataType.Int64 or DataType.VarChar))
        {
            throw new ArgumentException($"Primary key '{field.Name}' must be Int64 or VarChar, not {field.DataType}.", nameof(field));
        }

        if (field.IsPrimaryKey && field.Nullable)
        {
            throw new ArgumentException($"Primary key '{field.Name}' cannot be nullable.", nameof(field));
        }

        if (field.IsDynamic && field.DataType != DataType.Json)
        {
            throw new ArgumentException($"Dynamic field '{field.Name}' must be JSON, not {field.DataType}.", nameof(field));
        }
    }
}
